import { createItem } from '@repo/database';
import { createTestDatabase, createTestUser, type TestDatabase } from '@repo/database/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fromDatabaseError } from './database-errors';

// Real PostgreSQL errors of class 22 (data exception), raised by the run's embedded PostgreSQL,
// directly and wrapped by drizzle inside db.rls(): each is the caller's bad value, a 400.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const failure = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => {
      throw new Error('expected the statement to fail');
    },
    (error: unknown) => error,
  );

test.each([
  ['22021 NUL in text', () => t.sql`select ${'a\u0000b'}::text`],
  ['22P05 NUL escape in jsonb', () => t.sql`select ${'"\\u0000"'}::text::jsonb`],
  ['22008 an impossible date', () => t.sql`select ${'2026-02-30 10:00:00+00'}::text::timestamptz`],
  ['22007 not a date', () => t.sql`select ${'yesterday-ish'}::text::timestamptz`],
  ['22P02 not a uuid', () => t.sql`select ${'not-a-uuid'}::text::uuid`],
  ['22003 out of range', () => t.sql`select ${'99999999999'}::text::int`],
  ['22012 division by zero', () => t.sql`select 1 / ${0}::int`],
  [
    '22001 too long for the column',
    () =>
      t.sql.begin(async (sql) => {
        await sql`create temp table short_text (v varchar(2)) on commit drop`;
        await sql`insert into short_text values (${'abc'})`;
      }),
  ],
])('%s', async (name, run) => {
  const error = await failure(run());
  expect([name, fromDatabaseError(error)?.status]).toEqual([name, 400]);
});

test('the same through drizzle inside db.rls(), as a route runs it', async () => {
  const user = await createTestUser(t.sql, 'nul');
  const error = await failure(t.db.rls(user.claims, (tx) => createItem(tx, { title: 'x\u0000' })));
  expect(fromDatabaseError(error)).toMatchObject({ status: 400, code: 'validation_failed' });
  const [row] = await t.sql`select count(*)::int as n from items where owner_id = ${user.id}`;
  expect(row?.n).toBe(0);
});
