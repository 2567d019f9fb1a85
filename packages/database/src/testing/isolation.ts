import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { expect } from 'vitest';
import type { Database } from '../client';
import { createItem, listItems } from '../queries';
import { createTestUser, type TestUser } from './users';

type WhoAmI = { uid: string | null; role: string; claims: string | null };
export const whoAmIQuery = sql`
  select auth.uid() as uid, current_user as role,
         current_setting('request.jwt.claims', true) as claims`;

/**
 * Many users' requests interleaved on `db` (one-statement and multi-statement transactions, every
 * 7th failing midway): each must see exactly its own claims and rows, and afterwards no connection
 * may carry a user's settings. The same scenario runs directly and through PgBouncer.
 */
export async function expectNoClaimLeaks(db: Database, admin: postgres.Sql, requests = 600) {
  const users: TestUser[] = [];
  for (let i = 0; i < 12; i++) users.push(await createTestUser(admin, `u${i}`));
  await Promise.all(
    users.map((user) => db.rls(user.claims, (tx) => createItem(tx, { title: `of ${user.id}` }))),
  );
  const one = { singleStatement: true };

  const runs = Array.from({ length: requests }, (_, i) => users[i % users.length]!).map(
    async (user, i) => {
      const fail = i % 7 === 0;
      try {
        if (!fail && i % 2) {
          const [me, page, all] = await Promise.all([
            db.rls(user.claims, (tx) => tx.execute<WhoAmI>(whoAmIQuery), one),
            db.rls(
              user.claims,
              (tx) => listItems(tx, { scope: { ownerId: user.id }, limit: 50 }),
              one,
            ),
            db.rls(
              user.claims,
              (tx) => tx.execute<{ owner_id: string }>(sql`select owner_id from items`),
              one,
            ),
          ]);
          return { user, me: me[0], page, all };
        }
        return await db.rls(user.claims, async (tx) => {
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
  const results = (await Promise.all(runs)).filter((r) => r !== undefined);
  expect(results.length).toBe(requests - Math.ceil(requests / 7));
  for (const { user, me, page, all } of results) {
    expect(me?.uid).toBe(user.id);
    expect(JSON.parse(me!.claims!).sub).toBe(user.id);
    expect(page.items.map((item) => item.title)).toEqual([`of ${user.id}`]);
    expect(new Set(all.map((row) => row.owner_id))).toEqual(new Set([user.id]));
  }

  // Nothing a transaction set outlives it: plain queries see no user (through a transaction
  // pooler they run on the same server connections the transactions used).
  const after = await Promise.all(
    Array.from({ length: 8 }, () => db.admin.execute<WhoAmI>(whoAmIQuery)),
  );
  for (const [row] of after) {
    expect(row?.uid).toBeNull();
    expect(row?.claims ?? '').toBe('');
  }
}
