import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createItem, listItems } from './queries';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from './testing';

let t: TestDatabase;
beforeAll(async () => {
  // Two connections, so hundreds of concurrent requests must share and reuse them.
  t = await createTestDatabase({ poolMax: 2 });
});
afterAll(() => t.drop());

type WhoAmI = { uid: string | null; role: string; claims: string | null };
const whoAmIQuery = sql`
  select auth.uid() as uid, current_user as role,
         current_setting('request.jwt.claims', true) as claims`;

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

  test('many users interleaved over 2 connections never see each other’s claims or rows', async () => {
    const users: TestUser[] = [];
    for (let i = 0; i < 12; i++) users.push(await createTestUser(t.sql, `u${i}`));
    await Promise.all(
      users.map((user) =>
        t.db.rls(user.claims, (tx) => createItem(tx, { title: `of ${user.id}` })),
      ),
    );

    const requests = Array.from({ length: 600 }, (_, i) => users[i % users.length]!).map(
      async (user, i) => {
        // Every 7th request fails midway, so aborted transactions are interleaved too.
        const fail = i % 7 === 0;
        try {
          return await t.db.rls(user.claims, async (tx) => {
            const [me] = await tx.execute<WhoAmI>(whoAmIQuery);
            const page = await listItems(tx, { scope: { ownerId: user.id }, limit: 50 });
            const all = await tx.execute<{ owner_id: string }>(sql`select owner_id from items`);
            if (fail) await tx.execute(sql`select 1/0`);
            return { user, me, page, all };
          });
        } catch (error) {
          if (fail) return undefined;
          throw error;
        }
      },
    );
    const results = (await Promise.all(requests)).filter((r) => r !== undefined);
    expect(results.length).toBe(600 - Math.ceil(600 / 7));
    for (const { user, me, page, all } of results) {
      expect(me?.uid).toBe(user.id);
      expect(JSON.parse(me!.claims!).sub).toBe(user.id);
      expect(page.items.map((item) => item.title)).toEqual([`of ${user.id}`]);
      expect(new Set(all.map((row) => row.owner_id))).toEqual(new Set([user.id]));
    }
  });
});
