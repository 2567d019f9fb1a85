/**
 * Routes reach the database only through the request's RLS runner: the runner given to createApp
 * sees every /v1 query, with the signed-in user and the route's options, and a runner that
 * refuses makes every /v1 route refuse (none goes around it).
 */
import { createDatabase } from '@repo/database';
import {
  createTestDatabase,
  createWorld,
  type TestDatabase,
  testDatabaseConfig,
} from '@repo/database/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { appFor, signToken } from '../../test/harness';
import { ApiError } from '../http/errors';
import { ONE_READ } from '../http/router';
import { type RlsRunnerFactory, rlsFor } from './rls';

let t: TestDatabase;
let db: ReturnType<typeof createDatabase>;
beforeAll(async () => {
  t = await createTestDatabase();
  db = createDatabase(testDatabaseConfig(t.url));
});
afterAll(async () => {
  await db.close();
  await t.drop();
});

test('every query of a /v1 request runs through the runner, as the signed-in user', async () => {
  const w = await createWorld(t.sql);
  const calls: { userId: string; options: unknown }[] = [];
  const recording: RlsRunnerFactory = (user) => (fn, options) => {
    calls.push({ userId: user.id, options });
    return rlsFor(db)(user)(fn, options);
  };
  const app = appFor(db, { rls: recording });
  const headers = { authorization: `Bearer ${await signToken(w.alice.claims)}` };
  expect((await app.request('/v1/items?limit=5', { headers })).status).toBe(200);
  const created = await app.request('/v1/items', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'through the runner' }),
  });
  expect(created.status).toBe(201);
  expect((await app.request('/v1/me', { headers })).status).toBe(200);
  expect(calls.map((c) => c.userId)).toEqual([w.alice.id, w.alice.id, w.alice.id]);
  expect(calls[0]!.options).toEqual(ONE_READ);
});

test('a runner that refuses is what every /v1 route answers with', async () => {
  const w = await createWorld(t.sql);
  const refusing: RlsRunnerFactory = () => () => {
    throw new ApiError(503, 'database_unavailable', 'refused by the test runner');
  };
  const app = appFor(db, { rls: refusing });
  const headers = { authorization: `Bearer ${await signToken(w.bob.claims)}` };
  for (const path of [
    '/v1/me',
    '/v1/items',
    `/v1/items/${w.carolOrgItemId}`,
    '/v1/orgs',
    `/v1/orgs/${w.orgId}`,
    `/v1/orgs/${w.orgId}/members`,
    `/v1/orgs/${w.orgId}/invitations`,
  ]) {
    const res = await app.request(path, { headers });
    expect([path, res.status]).toEqual([path, 503]);
  }
});
