import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, type Database, type RlsOptions } from './client';
import type { DatabaseConfig } from './config';
import { createItem } from './queries';
import type { Statement } from './rls/channel';
import { refuseDriverRetry, StalePlanError } from './rls/stale-plans';
import { databaseUnavailable } from './rls/unavailable';
import {
  createTestDatabase,
  createTestUser,
  type TestDatabase,
  type TestUser,
  testDatabaseConfig,
} from './testing';

/**
 * A migration that changes a table's row type (a column added, dropped or retyped) makes the
 * statements every connection has prepared on it stale: the server answers "cached plan must not
 * change result type" and postgres.js prepares and sends the statement again on its own, behind
 * whatever is already queued on the connection. For a statement sent with its BEGIN, the claims
 * and its COMMIT at once, that is after the COMMIT: outside the transaction, as the connection's
 * own role, without claims. Real PostgreSQL, a real migration, no mocks.
 */
let t: TestDatabase;
let alice: TestUser;
let bob: TestUser;
const opened: Database[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  [alice, bob] = await Promise.all([createTestUser(t.sql, 'alice'), createTestUser(t.sql, 'bob')]);
  for (const user of [alice, bob]) {
    await t.db.rls(user.claims, (tx) => createItem(tx, { title: `${user.email}'s` }));
  }
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
  await t.sql`alter table items drop column if exists stale_probe`;
});
afterAll(() => t.drop());

function databaseWith(overrides: Partial<DatabaseConfig>): Database {
  const db = createDatabase(
    testDatabaseConfig(t.url, { connectTimeoutS: 5, poolMax: 1, ...overrides }),
  );
  opened.push(db);
  return db;
}

/** `select *`, with a parameter so postgres.js prepares it (a statement without one goes simple). */
const everyItem = (tx: Parameters<Parameters<Database['rls']>[1]>[0]) =>
  tx.execute<{ owner_id: string }>(sql`select * from items where ${1}::int = 1`);

/** The migration: the row type of `items` changes under every prepared `select * from items`. */
const migrate = () => t.sql`alter table items add column stale_probe int`;

const paths: [string, Partial<DatabaseConfig>, RlsOptions][] = [
  ['a one-statement read on a lane', { lanes: 1 }, { singleStatement: true, readOnly: true }],
  [
    'a one-statement read on a leased connection',
    { lanes: 0 },
    { singleStatement: true, readOnly: true },
  ],
  ['a one-statement transaction that may write', { lanes: 0 }, { singleStatement: true }],
  ['a multi-statement read', { lanes: 0 }, { readOnly: true }],
];

describe('a statement whose prepared plan went stale (a migration changed its table)', () => {
  test.each(paths)('%s never runs outside its transaction', async (_, sizes, options) => {
    const db = databaseWith(sizes);
    const read = () =>
      db
        .rls(alice.claims, (tx) => everyItem(tx), options)
        .then(
          (rows) => ({ rows: [...rows].map((row) => row.owner_id) }),
          (error: unknown) => ({ error }),
        );
    expect(await read()).toEqual({ rows: [alice.id] }); // prepared on this connection now
    await migrate();
    const outcome = await read();
    // Only the caller's rows, or a clear error the API answers with a 503 to try again.
    if ('error' in outcome) {
      expect(databaseUnavailable(outcome.error)).toBe('stale-plan');
    } else {
      expect(outcome.rows).toEqual([alice.id]);
    }
    // A read is repeated whole, once, on a fresh plan: the caller does not even see the migration.
    // A transaction that may write fails (it was rolled back) and is the caller's to repeat.
    if (options.readOnly) expect(outcome).toEqual({ rows: [alice.id] });
    // The connection serves the caller as before.
    expect(await read()).toEqual({ rows: [alice.id] });
    expect(await db.rls(bob.claims, (tx) => everyItem(tx), options)).toHaveLength(1);
  });

  test('pipelined reads of two users on one lane each get their own rows', async () => {
    const db = databaseWith({ lanes: 1 });
    const read = (user: TestUser) =>
      db.rls(user.claims, (tx) => everyItem(tx), { singleStatement: true, readOnly: true });
    await Promise.all([read(alice), read(bob)]);
    await migrate();
    const [a, b] = await Promise.all([read(alice), read(bob)]);
    expect([...a].map((row) => row.owner_id)).toEqual([alice.id]);
    expect([...b].map((row) => row.owner_id)).toEqual([bob.id]);
  });
});

describe('postgres.js re-sends a stale prepared statement on its own', () => {
  // Pins the driver behaviour refuseDriverRetry relies on: if postgres.js stops re-sending, or
  // re-sends some other way, one of these fails.
  let client: postgres.Sql;
  beforeAll(() => {
    client = postgres(t.url, { max: 1, onnotice: () => {} });
  });
  afterAll(() => client.end());
  const statement = () =>
    client.unsafe('select * from items where $1::int = 1', [1] as never[], {
      prepare: true,
    }) as unknown as Statement;

  test('left alone, it answers a stale statement by running it again', async () => {
    await statement();
    await migrate();
    await expect(statement()).resolves.toHaveLength(2);
  });

  test('refused, the statement fails with StalePlanError and its next send prepares afresh', async () => {
    await statement();
    await migrate();
    const refused = statement();
    refuseDriverRetry(refused);
    const error = await refused.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StalePlanError);
    expect((error as StalePlanError).cause).toMatchObject({ code: '0A000' });
    await expect(statement()).resolves.toHaveLength(2);
  });
});
