import { expect } from 'vitest';
import { apiTest as test } from '../../test/harness';

test('GET /v1/me: user, profile and organizations with roles', async ({ api, w }) => {
  const res = await api.request('GET', '/v1/me', { as: w.bob });
  expect(res.status).toBe(200);
  expect(res.body.user).toEqual({ id: w.bob.id, email: w.bob.email });
  expect(res.body.profile).toMatchObject({
    id: w.bob.id,
    displayName: 'bob',
    email: w.bob.email,
    avatarUrl: null,
  });
  expect(res.body.organizations.map((o: { id: string; role: string }) => [o.id, o.role])).toEqual([
    [w.orgId, 'admin'],
  ]);
});

test('PATCH /v1/me/profile changes only your own profile', async ({ api, w }) => {
  const res = await api.request('PATCH', '/v1/me/profile', {
    as: w.carol,
    body: { displayName: 'Carol', avatarUrl: 'https://example.test/carol.png' },
  });
  expect([res.status, res.body.displayName, res.body.avatarUrl]).toEqual([
    200,
    'Carol',
    'https://example.test/carol.png',
  ]);
  const cleared = await api.request('PATCH', '/v1/me/profile', {
    as: w.carol,
    body: { avatarUrl: null },
  });
  expect(cleared.body.avatarUrl).toBeNull();
});

test('profile input is validated', async ({ api, w }) => {
  for (const body of [
    { avatarUrl: 'javascript:alert(1)' },
    { displayName: 'x'.repeat(81) },
    { email: 'a@b.c' },
    {},
  ]) {
    const res = await api.request('PATCH', '/v1/me/profile', { as: w.carol, body });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
  }
});

test('every /v1 route needs a token', async ({ api }) => {
  for (const [method, path] of [
    ['GET', '/v1/me'],
    ['GET', '/v1/items'],
    ['POST', '/v1/orgs'],
    ['POST', '/v1/invitations/accept'],
  ]) {
    const res = await api.request(method!, path!);
    expect([res.status, res.body.error.code]).toEqual([401, 'missing_token']);
  }
});
