import { createDatabase, type Database } from '@repo/database';
import { createTestDatabase, createWorld, type TestDatabase } from '@repo/database/testing';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { signToken } from '../test/harness';
import { createApp } from './app';
import { createTokenVerifier } from './auth/token-verifier';
import { createMetrics } from './metrics';

const METRICS_TOKEN = 'metrics-token-for-the-test';
let t: TestDatabase;
let db: Database;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await createTestDatabase();
  const metrics = createMetrics();
  db = createDatabase(
    {
      url: t.url,
      poolMax: 2,
      lanes: 1,
      idleTimeoutS: 5,
      maxLifetimeS: 60,
      connectTimeoutS: 5,
      statementTimeoutMs: 5000,
      prepare: true,
    },
    { onQueryError: metrics.countQueryError },
  );
  metrics.watch(db);
  app = createApp({
    db,
    verifyToken: createTokenVerifier({
      jwtSecret: 'test-secret-with-at-least-32-characters!!',
      jwksUrl: new URL('http://127.0.0.1:9/jwks.json'),
      issuer: 'http://127.0.0.1:54321/auth/v1',
      audience: 'authenticated',
    }),
    logger: pino({ level: 'silent' }),
    corsOrigins: [],
    bodyLimitBytes: 16_384,
    metrics,
    metricsToken: METRICS_TOKEN,
  });
});
afterAll(async () => {
  await db.close();
  await t.drop();
});

const scrape = async () => {
  const res = await app.request('/metrics', {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return res.text();
};

test('/metrics reports requests by route template, latency, pools and query errors', async () => {
  const w = await createWorld(t.sql);
  const auth = { authorization: `Bearer ${await signToken(w.dave.claims)}` };
  await app.request(`/v1/items/${w.davePersonalItemId}`, { headers: auth });
  await app.request(`/v1/orgs/${w.orgId}`, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x' }),
  });
  // A taken slug: a unique violation inside the RLS transaction.
  await app.request('/v1/orgs', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Dup', slug: 'dup-slug' }),
  });
  await app.request('/v1/orgs', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Dup', slug: 'dup-slug' }),
  });

  const text = await scrape();
  expect(text).toMatch(
    /http_requests_total\{method="GET",route="\/v1\/items\/:id",status="200"\} 1/,
  );
  expect(text).toMatch(
    /http_requests_total\{method="PATCH",route="\/v1\/orgs\/:id",status="404"\} 1/,
  );
  expect(text).toMatch(
    /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/v1\/items\/:id"\}/,
  );
  expect(text).toMatch(/db_query_errors_total\{code="23505"\} 1/);
  expect(text).toMatch(/db_pool_connections\{database="primary"\} 3/);
  expect(text).toMatch(/db_pool_waiting\{database="primary"\} 0/);
  expect(text).toMatch(/process_cpu_seconds_total/);
});

test('/metrics needs the token when one is configured', async () => {
  expect((await app.request('/metrics')).status).toBe(401);
});
