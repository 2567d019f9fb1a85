import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDatabase, type Database } from './client';
import { connectionUrl, usesPreparedStatements } from './config';
import {
  createInvitation,
  createItem,
  deleteItem,
  getItem,
  takeInvitationQuota,
  updateItem,
} from './queries';
import { createRateLimitStore } from './rate-limits';
import {
  createTestDatabase,
  createWorld,
  expectNoClaimLeaks,
  expectSqlState,
  type TestDatabase,
} from './testing';
import { type RunningPgBouncer, startPgBouncer } from './testing/pgbouncer';

// The RLS isolation suite again, through a real PgBouncer in transaction mode with two server
// connections shared by every client transaction (Supavisor's port 6543 behaves the same way).
let t: TestDatabase;
let pooler: RunningPgBouncer;
let db: Database;
beforeAll(async () => {
  t = await createTestDatabase();
  pooler = await startPgBouncer(t.url, 2);
  db = createDatabase({
    url: pooler.url,
    poolMax: 4,
    lanes: 2,
    idleTimeoutS: 5,
    maxLifetimeS: 60,
    connectTimeoutS: 5,
    statementTimeoutMs: 10_000,
    // The isolation suite queues hundreds of requests on purpose; it is not about waiting limits.
    acquireTimeoutMs: 0,
    prepare: 'auto',
  });
});
afterAll(async () => {
  await db?.close();
  await pooler?.stop();
  await t?.drop();
});

test('the pooler URL turns prepared statements off by itself', () => {
  expect(usesPreparedStatements(pooler.url, 'auto')).toBe(false);
});

test('many users interleaved over shared server connections never see each other’s claims or rows', () =>
  expectNoClaimLeaks(db, t.sql, 400));

test('the items rules hold through the pooler', async () => {
  const w = await createWorld(t.sql);
  expect(await db.rls(w.dave.claims, (tx) => getItem(tx, w.alicePersonalItemId))).toBeUndefined();
  expect(await db.rls(w.bob.claims, (tx) => getItem(tx, w.carolOrgItemId))).toBeDefined();
  expect(
    await db.rls(w.dave.claims, (tx) => updateItem(tx, w.alicePersonalItemId, { title: 'x' }), {
      singleStatement: true,
    }),
  ).toBeUndefined();
  expect(await db.rls(w.dave.claims, (tx) => deleteItem(tx, w.carolOrgItemId))).toBe(false);
  await expectSqlState(
    db.rls(w.dave.claims, (tx) => createItem(tx, { title: 'intrusion', orgId: w.orgId })),
    '42501',
  );
  await expectSqlState(
    db.rls(w.anon, (tx) => getItem(tx, w.davePersonalItemId)),
    '42501',
  );
});

test('queueing a side effect and counting rate limits work through the pooler', async () => {
  const w = await createWorld(t.sql);
  const { invitation } = await db.rls(w.bob.claims, async (tx) => {
    expect(
      await takeInvitationQuota(tx, w.orgId, { perUser: 5, perOrg: 5, windowSeconds: 3600 }),
    ).toBe(0);
    return createInvitation(tx, { orgId: w.orgId, email: 'pooled@example.test', role: 'member' });
  });
  const [job] = await t.sql`
    select count(*)::int as n from graphile_worker._private_jobs
    where payload ->> 'invitationId' = ${invitation.id}`;
  expect(job?.n).toBe(1);
  const counters = postgres(connectionUrl(pooler.url), {
    max: 1,
    prepare: false,
    onnotice: () => {},
  });
  try {
    const store = createRateLimitStore(counters);
    const hits = await Promise.all(
      Array.from({ length: 6 }, () => store.hit(`pooled:${w.bob.id}`, 4, 3600)),
    );
    expect(hits.filter((hit) => hit.allowed)).toHaveLength(4);
  } finally {
    await counters.end();
  }
});
