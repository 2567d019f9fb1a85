/**
 * The request budget's blocks against the real counters in PostgreSQL: two processes (two
 * BudgetLeases over their own connections, as two replicas) never serve more than the limit
 * together, in one window or the next, and most hits cost no statement.
 */
import { createRateLimitStore, type RateLimitStore } from '@repo/database';
import { createTestDatabase, type TestDatabase } from '@repo/database/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BudgetLeases } from './budget-leases';

let t: TestDatabase;
const connections: postgres.Sql[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(connections.map((sql) => sql.end()));
  await t.drop();
});

/** A replica's counter store on its own connection, counting the statements it sends. */
function replicaStore() {
  const sql = postgres(t.url, { max: 1, onnotice: () => {} });
  connections.push(sql);
  const store = createRateLimitStore(sql);
  const counted = { takes: 0 };
  const counting: RateLimitStore = {
    hit: store.hit,
    take: (...args) => {
      counted.takes++;
      return store.take(...args);
    },
  };
  return { store: counting, counted };
}

/** Windows are aligned on the clock: wait until `windowS` has at least `atLeastS` seconds left. */
async function windowWithRoom(windowS: number, atLeastS: number) {
  const left = windowS - ((Date.now() / 1000) % windowS);
  if (left < atLeastS) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 100));
}

const bucket = () => `requests:test:${Math.random()}`;

test('two replicas under concurrency serve exactly the limit, then refuse with Retry-After', async () => {
  await windowWithRoom(60, 20);
  const a = new BudgetLeases(replicaStore().store, 50, 60, { maxBlock: 8 });
  const b = new BudgetLeases(replicaStore().store, 50, 60, { maxBlock: 8 });
  const key = bucket();
  const decisions = await Promise.all(
    Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).hit(key)),
  );
  expect(decisions.filter((d) => d.allowed)).toHaveLength(50);
  for (const refused of decisions.filter((d) => !d.allowed)) {
    expect(refused.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterS).toBeLessThanOrEqual(60);
  }
  // Later hits are refused too, on both, and another user is unaffected.
  expect((await a.hit(key)).allowed).toBe(false);
  expect((await b.hit(key)).allowed).toBe(false);
  expect((await a.hit(bucket())).allowed).toBe(true);
});

test('most hits are decided in memory: blocks double up to maxBlock', async () => {
  await windowWithRoom(60, 20);
  const { store, counted } = replicaStore();
  const budget = new BudgetLeases(store, 1_000, 60, { maxBlock: 32 });
  const key = bucket();
  for (let i = 0; i < 200; i++) expect((await budget.hit(key)).allowed).toBe(true);
  // 1 + 2 + 4 + 8 + 16 + 32 = 63, then 32 at a time: 6 + 5 statements for 200 hits.
  expect(counted.takes).toBe(11);
  // Concurrent hits share one statement instead of each asking.
  const other = bucket();
  const before = counted.takes;
  await Promise.all(Array.from({ length: 20 }, () => budget.hit(other)));
  expect(counted.takes - before).toBeLessThanOrEqual(6);
});

test('the limit holds in each window, and the next window brings a fresh budget', async () => {
  const windowS = 4;
  await windowWithRoom(windowS, 3);
  const a = new BudgetLeases(replicaStore().store, 10, windowS, { maxBlock: 4 });
  const b = new BudgetLeases(replicaStore().store, 10, windowS, { maxBlock: 4 });
  const key = bucket();
  const burst = async (n: number) =>
    (await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? a : b).hit(key)))).filter(
      (d) => d.allowed,
    ).length;
  expect(await burst(40)).toBe(10);
  const refused = await a.hit(key);
  expect(refused.allowed).toBe(false);
  expect(refused.retryAfterS).toBeLessThanOrEqual(windowS);

  // Wait (by condition) for the next window: a hit is allowed again.
  let allowedAgain = 0;
  for (const deadline = Date.now() + 15_000; allowedAgain === 0 && Date.now() < deadline; ) {
    if ((await b.hit(key)).allowed) allowedAgain = 1;
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(allowedAgain).toBe(1);
  // The new window holds its limit too: one hit spent above, nine left across both replicas.
  expect(await burst(40)).toBe(9);
});
