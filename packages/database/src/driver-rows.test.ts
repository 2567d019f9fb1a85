import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing';

/**
 * postgres.js collects a statement's rows in per-connection state that only its CommandComplete
 * cleared. A statement that had sent rows and then failed (its backend killed, or an error on a
 * later row) left them behind, and the next statement on that connection answered with the old
 * rows in front of its own: `const [user] = await sql\`…\`` could read another query's row.
 * patches/postgres@3.4.9.patch clears that state when a statement ends in an error and when the
 * connection closes. These tests fail without the patch.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('postgres.js never answers with rows of an earlier statement', () => {
  test('after a connection is killed while a statement streams its rows', async () => {
    const sql = postgres(t.url, { max: 1, onnotice: () => {}, fetch_types: false });
    try {
      // The backend sends the first row, then terminates itself before the statement completes.
      const killed = sql`
        select x as secret from generate_series(1, 3) x
        where x = 1 or pg_terminate_backend(pg_backend_pid())`;
      await expect(killed).rejects.toThrow();
      // Prepared once before, so the next one's rows come without a new row description.
      const fresh = await sql`select 'fresh' as value`;
      expect(fresh).toEqual([{ value: 'fresh' }]);
    } finally {
      await sql.end();
    }
  });

  test('after a statement fails on a later row', async () => {
    const sql = postgres(t.url, { max: 1, onnotice: () => {}, fetch_types: false });
    try {
      const lookup = (id: number) => sql`select ${id}::int as id, 'row-' || ${id}::int as name`;
      expect(await lookup(1)).toEqual([{ id: 1, name: 'row-1' }]);
      // Rows 1 and 2 are sent before row 3 divides by zero.
      await expect(
        sql`select 10 / (3 - x) as value from generate_series(1, 3) x`,
      ).rejects.toMatchObject({ code: '22012' });
      // The same prepared statement again: no row description resets anything on the wire.
      expect(await lookup(2)).toEqual([{ id: 2, name: 'row-2' }]);
    } finally {
      await sql.end();
    }
  });
});
