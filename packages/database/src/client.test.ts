import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createItem } from './queries';
import {
  createTestDatabase,
  createTestUser,
  expectNoClaimLeaks,
  sqlState,
  type TestDatabase,
  whoAmIQuery,
} from './testing';

let t: TestDatabase;
beforeAll(async () => {
  // Two connections for users (one lane, one leased), so hundreds of concurrent requests must
  // share and reuse them.
  t = await createTestDatabase({ poolMax: 1, lanes: 1 });
});
afterAll(() => t.drop());

type WhoAmI = { uid: string | null; role: string; claims: string | null };

describe('rls()', () => {
  test('runs as the allowlisted role with the claims set, and commits', async () => {
    const user = await createTestUser(t.sql, 'who');
    const [row] = await t.db.rls(user.claims, (tx) => tx.execute<WhoAmI>(whoAmIQuery));
    expect(row).toMatchObject({ uid: user.id, role: 'authenticated' });
    expect(JSON.parse(row!.claims!)).toEqual(user.claims);
  });

  test('refuses roles outside the allowlist before touching the database', async () => {
    const user = await createTestUser(t.sql, 'svc');
    for (const role of ['service_role', 'postgres', undefined]) {
      await expect(t.db.rls({ ...user.claims, role }, async () => 1)).rejects.toThrow(
        /claims\.role/,
      );
    }
  });

  test('a claim value cannot inject SQL: it is a bound parameter', async () => {
    const user = await createTestUser(t.sql, 'inject');
    const claims = { ...user.claims, email: `x'); drop table items; --` };
    const [row] = await t.db.rls(claims, (tx) => tx.execute<WhoAmI>(whoAmIQuery));
    expect(JSON.parse(row!.claims!).email).toBe(claims.email);
    const [exists] = await t.sql`select to_regclass('public.items') is not null as ok`;
    expect(exists?.ok).toBe(true);
  });

  test('rolls back everything when the callback throws', async () => {
    const user = await createTestUser(t.sql, 'rollback');
    await expect(
      t.db.rls(user.claims, async (tx) => {
        await createItem(tx, { title: 'never committed' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const [row] = await t.sql`select count(*)::int as n from items where owner_id = ${user.id}`;
    expect(row?.n).toBe(0);
  });

  test('settings end with the transaction: the pooled connection is clean afterwards', async () => {
    const user = await createTestUser(t.sql, 'clean');
    await Promise.all(
      [1, 2, 3, 4].map(() => t.db.rls(user.claims, (tx) => tx.execute<WhoAmI>(whoAmIQuery))),
    );
    const rows = await Promise.all([1, 2].map(() => t.db.admin.execute<WhoAmI>(whoAmIQuery)));
    for (const [row] of rows) {
      expect(row?.uid).toBeNull();
      expect(row?.role).toBe('postgres');
      expect(row?.claims ?? '').toBe('');
    }
  });

  test('singleStatement: one round trip, committed, as the caller', async () => {
    const user = await createTestUser(t.sql, 'single');
    const item = await t.db.rls(user.claims, (tx) => createItem(tx, { title: 'one shot' }), {
      singleStatement: true,
    });
    expect(item.ownerId).toBe(user.id);
    const [row] = await t.sql`select title from items where id = ${item.id}`;
    expect(row?.title).toBe('one shot');
  });

  test('singleStatement: a second statement is refused before it is sent', async () => {
    const user = await createTestUser(t.sql, 'second');
    await expect(
      t.db.rls(
        user.claims,
        async (tx) => {
          await createItem(tx, { title: 'first' });
          await createItem(tx, { title: 'second, outside the transaction' });
        },
        { singleStatement: true },
      ),
    ).rejects.toSatisfy((error: Error) => /second statement/.test(String(error.cause)));
    const rows = await t.sql`select title from items where owner_id = ${user.id}`;
    expect(rows.map((r) => r.title)).toEqual(['first']);
    const [clean] = await t.db.admin.execute<WhoAmI>(whoAmIQuery);
    expect(clean?.role).toBe('postgres');
  });

  test('singleStatement: a failing statement rolls back and reports its error', async () => {
    const user = await createTestUser(t.sql, 'failing');
    await expect(
      t.db.rls(user.claims, (tx) => createItem(tx, { title: '' }), { singleStatement: true }),
    ).rejects.toSatisfy((error) => sqlState(error) === '23514');
    const [row] = await t.sql`select count(*)::int as n from items where owner_id = ${user.id}`;
    expect(row?.n).toBe(0);
  });

  test('pipelined and reserved transactions recover after their connections are killed', async () => {
    const user = await createTestUser(t.sql, 'recover');
    const read = (singleStatement: boolean) =>
      t.db.rls(user.claims, (tx) => tx.execute<WhoAmI>(whoAmIQuery), { singleStatement });
    await Promise.all([1, 2, 3, 4].flatMap(() => [read(true), read(false)]));
    await t.sql`select pg_terminate_backend(pid) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()`;
    // Each dead connection may fail the one request that finds it dead; postgres.js reconnects.
    for (let i = 0; i < 6; i++) await Promise.all([read(true), read(false)]).catch(() => undefined);
    for (const singleStatement of [true, false, true, false]) {
      const [row] = await read(singleStatement);
      expect(row).toMatchObject({ uid: user.id, role: 'authenticated' });
    }
  });

  test('many users interleaved over 2 connections never see each other’s claims or rows', () =>
    expectNoClaimLeaks(t.db, t.sql));
});
