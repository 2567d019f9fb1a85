import { applySupabaseBootstrap } from '@repo/local-dev';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { withDatabase } from '../testing';
import { applyMigrations } from './apply';
import { describeMigrationStatus, migrationStatus } from './status';

// A blank database (not the migrated template) shaped like Supabase's, to watch migrations arrive.
const serverUrl = inject('testPostgresUrl');
const root = postgres(serverUrl, { max: 1, onnotice: () => {} });
let sql: postgres.Sql;
beforeAll(async () => {
  await root.unsafe('create database migrations_test');
  sql = postgres(withDatabase(serverUrl, 'migrations_test'), { max: 4, onnotice: () => {} });
  await applySupabaseBootstrap(sql);
});
afterAll(async () => {
  await sql.end();
  await root.unsafe('drop database migrations_test with (force)');
  await root.end();
});

test('a blank database is behind, and the message says what to run', async () => {
  const status = await migrationStatus(sql);
  expect(status).toMatchObject({ upToDate: false, applied: 0, unknown: 0, modified: [] });
  expect(status.pending.length).toBe(status.shipped);
  expect(describeMigrationStatus(status)).toContain('pnpm db:migrate');
});

test('migrating twice at once applies everything exactly once', async () => {
  const [first, second] = await Promise.all([applyMigrations(sql), applyMigrations(sql)]);
  expect(first.after.upToDate).toBe(true);
  expect(second.after.upToDate).toBe(true);
  const [rows] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
  expect(rows?.n).toBe(first.after.shipped);
  expect((await applyMigrations(sql)).before.pending).toEqual([]);
});

test('an edited migration or an unknown one is reported and blocks migrating', async () => {
  await sql`update drizzle.__drizzle_migrations set hash = 'edited' where id = (select min(id) from drizzle.__drizzle_migrations)`;
  const edited = await migrationStatus(sql);
  expect(edited.modified).toEqual(['0000_private_helpers']);
  await expect(applyMigrations(sql)).rejects.toThrow(
    /refusing to migrate: .*changed since they ran/,
  );

  await sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', 9999999999999)`;
  const ahead = await migrationStatus(sql);
  expect(ahead.unknown).toBe(1);
  expect(describeMigrationStatus(ahead)).toContain('ahead of the code');
});

test('the Supabase bootstrap stays out of a real Supabase database', async () => {
  // supabase_admin exists only in Supabase's image; its presence must make the bootstrap a no-op.
  await root.unsafe('create database bootstrap_probe');
  const probe = postgres(withDatabase(serverUrl, 'bootstrap_probe'), {
    max: 1,
    onnotice: () => {},
  });
  try {
    await root.unsafe('create role supabase_admin nologin');
    await applySupabaseBootstrap(probe);
    const [row] = await probe`select to_regnamespace('auth') is null as untouched`;
    expect(row?.untouched).toBe(true);
  } finally {
    await root.unsafe('drop role supabase_admin');
    await probe.end();
    await root.unsafe('drop database bootstrap_probe with (force)');
  }
});
