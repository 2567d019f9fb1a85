/**
 * Rate limits live in PostgreSQL: two API instances (two createApp over their own pools, as two
 * replicas would be) on one database share every count.
 */
import { createDatabase, createRateLimitStore, type Database } from '@repo/database';
import {
  createTestDatabase,
  createTestUser,
  createWorld,
  type TestDatabase,
  type TestUser,
  testDatabaseConfig,
  type World,
} from '@repo/database/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RateLimits } from '../src/http/rate-limits';
import { appFor, signToken } from './harness';

let t: TestDatabase;
const opened: { db: Database; sql: postgres.Sql }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(opened.flatMap(({ db, sql }) => [db.close(), sql.end()]));
  await t.drop();
});

/** One API replica: its own pools and its own counter connection, on the shared database. */
function replica(limits: Omit<RateLimits, 'store'>) {
  const db = createDatabase(testDatabaseConfig(t.url));
  const sql = postgres(t.url, { max: 1, onnotice: () => {} });
  opened.push({ db, sql });
  const app = appFor(db, { rateLimits: { ...limits, store: createRateLimitStore(sql) } });
  return async (method: string, path: string, as: TestUser, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${await signToken(as.claims)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field
    const json: any = await res.json().catch(() => null);
    return { status: res.status, headers: res.headers, body: json };
  };
}

/** Windows are aligned on the clock: start a test well inside one, so it cannot roll over. */
async function awayFromWindowEnd(windowS: number) {
  const left = windowS - ((Date.now() / 1000) % windowS);
  if (left < 15) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
}

const LIFTED = { invitationsPerUserPerHour: 1_000, invitationsPerOrgPerHour: 1_000 };

let w: World;
beforeEach(async () => {
  w = await createWorld(t.sql);
});

describe('the per-user request budget', () => {
  test('is shared by two instances; past it 429 rate_limited with Retry-After; others unaffected', async () => {
    await awayFromWindowEnd(60);
    const a = replica({ requestsPerMinute: 5, ...LIFTED });
    const b = replica({ requestsPerMinute: 5, ...LIFTED });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await (i % 2 ? b : a)('GET', '/v1/me', w.alice)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    for (const instance of [a, b]) {
      const refused = await instance('GET', '/v1/me', w.alice);
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('rate_limited');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Every route counts, writes too, and nothing runs past the limit.
    const write = await a('POST', '/v1/items', w.alice, { title: 'over the limit' });
    expect(write.status).toBe(429);
    const [row] = await t.sql`select count(*)::int as n from items where title = 'over the limit'`;
    expect(row?.n).toBe(0);
    // Another user, on either instance, is served.
    expect((await a('GET', '/v1/me', w.bob)).status).toBe(200);
    expect((await b('GET', '/v1/me', w.bob)).status).toBe(200);
  });

  test('concurrent requests spread over two instances: exactly the limit is served', async () => {
    await awayFromWindowEnd(60);
    // 100 a minute: each instance takes blocks of up to 5 hits from the shared counter.
    const a = replica({ requestsPerMinute: 100, ...LIFTED });
    const b = replica({ requestsPerMinute: 100, ...LIFTED });
    const responses = await Promise.all(
      Array.from({ length: 140 }, (_, i) => (i % 2 ? b : a)('GET', '/v1/items', w.dave)),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
  });

  test('0 turns it off', async () => {
    const a = replica({ requestsPerMinute: 0, ...LIFTED });
    for (let i = 0; i < 8; i++) expect((await a('GET', '/v1/me', w.carol)).status).toBe(200);
  });
});

describe('the invitation quota', () => {
  test('per user and per org across instances; 429 invitation_rate_limited; other orgs unaffected', async () => {
    await awayFromWindowEnd(3600);
    const limits = {
      requestsPerMinute: 1_000,
      invitationsPerUserPerHour: 2,
      invitationsPerOrgPerHour: 3,
    };
    const a = replica(limits);
    const b = replica(limits);
    const invite = (instance: typeof a, as: TestUser, email: string) =>
      instance('POST', `/v1/orgs/${w.orgId}/invitations`, as, { email });

    expect((await invite(a, w.alice, 'q1@example.test')).status).toBe(201);
    expect((await invite(b, w.alice, 'q2@example.test')).status).toBe(201);
    const overUser = await invite(a, w.alice, 'q3@example.test');
    expect([overUser.status, overUser.body.error.code]).toEqual([429, 'invitation_rate_limited']);
    expect(Number(overUser.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(overUser.headers.get('retry-after'))).toBeLessThanOrEqual(3600);

    // bob has his own 2, but the org has only 1 left.
    expect((await invite(b, w.bob, 'q4@example.test')).status).toBe(201);
    const overOrg = await invite(a, w.bob, 'q5@example.test');
    expect([overOrg.status, overOrg.body.error.code]).toEqual([429, 'invitation_rate_limited']);
    const [saved] = await t.sql`
      select count(*)::int as n from invitations where org_id = ${w.orgId}`;
    expect(saved?.n).toBe(3);

    // A member is refused as a member (403), and cannot spend the org's quota either way.
    expect((await invite(a, w.carol, 'q6@example.test')).status).toBe(403);

    // Another org, with its own admin, is unaffected.
    const erin = await createTestUser(t.sql, 'erin');
    const created = await a('POST', '/v1/orgs', erin, {
      name: 'Other',
      slug: `other-${erin.id.slice(0, 8)}`,
    });
    expect(created.status).toBe(201);
    const other = await b('POST', `/v1/orgs/${created.body.id}/invitations`, erin, {
      email: 'elsewhere@example.test',
    });
    expect(other.status).toBe(201);
  });

  test('refused invitations do not use up the quota', async () => {
    await awayFromWindowEnd(3600);
    const a = replica({
      requestsPerMinute: 1_000,
      invitationsPerUserPerHour: 2,
      invitationsPerOrgPerHour: 10,
    });
    expect(
      (await a('POST', `/v1/orgs/${w.orgId}/invitations`, w.alice, { email: 'dup@example.test' }))
        .status,
    ).toBe(201);
    for (let i = 0; i < 3; i++) {
      const dup = await a('POST', `/v1/orgs/${w.orgId}/invitations`, w.alice, {
        email: 'dup@example.test',
      });
      expect(dup.status).toBe(409);
    }
    expect(
      (await a('POST', `/v1/orgs/${w.orgId}/invitations`, w.alice, { email: 'new@example.test' }))
        .status,
    ).toBe(201);
  });
});

test('/openapi.json documents 429 with Retry-After on /v1 operations only', async () => {
  const a = replica({ requestsPerMinute: 5, ...LIFTED });
  const app = appFor(opened[0]!.db);
  const doc = (await (await app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
  };
  expect(a).toBeDefined();
  const invitations = doc.paths['/v1/orgs/{id}/invitations']!.post!.responses['429'];
  expect(invitations?.headers).toHaveProperty('Retry-After');
  expect(doc.paths['/v1/me']!.get!.responses).toHaveProperty('429');
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const operation of Object.values(operations)) {
      expect(
        path.startsWith('/v1/') ? '429' in operation.responses : !('429' in operation.responses),
      ).toBe(true);
    }
  }
});
