import { createDatabase } from '@repo/database';
import { createWorld, withDatabase } from '@repo/database/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { appFor, createTestApi, type TestApi } from '../../test/harness';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

test('/healthz and /readyz on a migrated database', async () => {
  expect(await api.request('GET', '/healthz')).toMatchObject({
    status: 200,
    body: { status: 'ok' },
  });
  const ready = await api.request('GET', '/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body).toMatchObject({ status: 'ready', database: 'ok' });
});

test('/readyz fails and says what to run when the database is behind, or unreachable', async () => {
  const serverUrl = inject('testPostgresUrl');
  const root = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await root.unsafe('create database readyz_behind');
  const config = {
    poolMax: 1,
    lanes: 0,
    idleTimeoutS: 1,
    maxLifetimeS: 60,
    connectTimeoutS: 2,
    statementTimeoutMs: 5000,
    prepare: true,
  };
  const behind = createDatabase({ ...config, url: withDatabase(serverUrl, 'readyz_behind') });
  const unreachable = createDatabase({
    ...config,
    url: 'postgresql://postgres:postgres@127.0.0.1:9/postgres',
  });
  try {
    const res = await appFor(behind).request('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; database: string; detail: string };
    expect(body).toMatchObject({ status: 'not_ready', database: 'behind' });
    expect(body.detail).toContain('pnpm db:migrate');
    const down = await appFor(unreachable).request('/readyz');
    expect([down.status, ((await down.json()) as { database: string }).database]).toEqual([
      503,
      'unreachable',
    ]);
  } finally {
    await Promise.all([behind.close(), unreachable.close()]);
    await root.unsafe('drop database readyz_behind with (force)');
    await root.end();
  }
});

test('/openapi.json documents every route with the bearer scheme', async () => {
  const doc = (await (await api.app.request('/openapi.json')).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
    components: { securitySchemes: Record<string, unknown> };
  };
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths).sort()).toEqual(
    [
      '/healthz',
      '/readyz',
      '/v1/invitations/accept',
      '/v1/items',
      '/v1/items/{id}',
      '/v1/me',
      '/v1/me/profile',
      '/v1/orgs',
      '/v1/orgs/{id}',
      '/v1/orgs/{id}/invitations',
      '/v1/orgs/{id}/invitations/{invitationId}',
      '/v1/orgs/{id}/members',
      '/v1/orgs/{id}/members/{userId}',
      '/v1/orgs/{id}/ownership',
    ].sort(),
  );
  expect(doc.components.securitySchemes.supabaseAccessToken).toMatchObject({
    type: 'http',
    scheme: 'bearer',
  });
});

test('security headers, CORS for allowed origins only, and a JSON 404 for unknown routes', async () => {
  const res = await api.app.request('/v1/items', {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST' },
  });
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  const evil = await api.app.request('/v1/items', {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  const missing = await api.request('GET', '/nope');
  expect([missing.status, missing.body.error.code]).toEqual([404, 'route_not_found']);
  expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
});

test('a browser request gets CORS headers; a server-side one only Vary: Origin; same body', async () => {
  const w = await createWorld(api.t.sql);
  const fromBrowser = await api.request('GET', '/v1/items', {
    as: w.alice,
    headers: { origin: 'http://127.0.0.1:3000' },
  });
  expect(fromBrowser.status).toBe(200);
  expect(fromBrowser.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  expect(fromBrowser.headers.get('access-control-expose-headers')).toBe('X-Request-Id');
  expect(fromBrowser.headers.get('vary')).toBe('Origin');
  const fromServer = await api.request('GET', '/v1/items', { as: w.alice });
  expect(fromServer.status).toBe(200);
  expect(fromServer.headers.get('access-control-allow-origin')).toBeNull();
  expect(fromServer.headers.get('vary')).toBe('Origin');
  expect(fromServer.headers.get('x-request-id')).toBeTruthy();
  expect(fromServer.headers.get('x-content-type-options')).toBe('nosniff');
  expect(fromServer.body).toEqual(fromBrowser.body);
});
