import { createTestUser, type TestUser } from '@repo/database/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApi, type TestApi } from './harness';

// Many users' requests interleaved through the API over only 2 connections (one lane, one leased).
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ poolMax: 1, lanes: 1 });
});
afterAll(() => api.close());

test('no claim leaks between users sharing 2 pooled connections', async () => {
  const users: TestUser[] = [];
  for (let i = 0; i < 10; i++) users.push(await createTestUser(api.t.sql, `iso${i}`));
  await Promise.all(
    users.map((u) => api.request('POST', '/v1/items', { as: u, body: { title: `by ${u.id}` } })),
  );

  const responses = await Promise.all(
    Array.from({ length: 300 }, (_, i) => users[i % users.length]!).map(async (user, i) => {
      // Interleave reads, writes and refused writes (someone else's item) on the same pool.
      if (i % 5 === 4) {
        const victim = users[(i + 1) % users.length]!;
        const [row] = await api.t.sql<
          { id: string }[]
        >`select id from items where owner_id = ${victim.id} limit 1`;
        return {
          user,
          res: await api.request('DELETE', `/v1/items/${row!.id}`, { as: user }),
          kind: 'foreign',
        };
      }
      return { user, res: await api.request('GET', '/v1/me', { as: user }), kind: 'me' };
    }),
  );
  for (const { user, res, kind } of responses) {
    if (kind === 'foreign') expect(res.status).toBe(404);
    else
      expect([res.status, res.body.user.id, res.body.profile.id]).toEqual([200, user.id, user.id]);
  }
  for (const user of users) {
    const res = await api.request('GET', '/v1/items', { as: user });
    expect(res.body.items.map((i: { title: string }) => i.title)).toEqual([`by ${user.id}`]);
  }
});
