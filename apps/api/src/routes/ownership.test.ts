import type { World } from '@repo/database/testing';
import { describe, expect } from 'vitest';
import { type TestApi, apiTest as test } from '../../test/harness';

/** [email, role] of every member, as the org's owner-or-admin `as` sees them. */
async function roles(api: TestApi, w: World, as = w.alice) {
  const res = await api.request('GET', `/v1/orgs/${w.orgId}/members`, { as });
  expect(res.status).toBe(200);
  return res.body.map((m: { email: string; role: string }) => [m.email, m.role]);
}

const transfer = (api: TestApi, w: World, as: World['alice'], userId: string) =>
  api.request('POST', `/v1/orgs/${w.orgId}/ownership`, { as, body: { userId } });

const BEFORE = (w: World) => [
  [w.alice.email, 'owner'],
  [w.bob.email, 'admin'],
  [w.carol.email, 'member'],
];

describe('POST /v1/orgs/:id/ownership', () => {
  test('the owner hands the org to a member and stays on as admin', async ({ api, w }) => {
    const res = await transfer(api, w, w.alice, w.carol.id);
    expect([res.status, res.body]).toEqual([200, { ownerId: w.carol.id, yourRole: 'admin' }]);
    expect(await roles(api, w, w.carol)).toEqual([
      [w.carol.email, 'owner'],
      [w.alice.email, 'admin'],
      [w.bob.email, 'admin'],
    ]);
    // The former owner has lost the owner's rights: deleting the org is refused now.
    expect((await api.request('DELETE', `/v1/orgs/${w.orgId}`, { as: w.alice })).status).toBe(403);
  });

  test('an admin, a member and an outsider cannot transfer, not even to themselves', async ({
    api,
    w,
  }) => {
    const admin = await transfer(api, w, w.bob, w.bob.id);
    expect([admin.status, admin.body.error.code]).toEqual([400, 'validation_failed']);
    const adminToOther = await transfer(api, w, w.bob, w.carol.id);
    expect([adminToOther.status, adminToOther.body.error.code]).toEqual([403, 'forbidden']);
    const member = await transfer(api, w, w.carol, w.bob.id);
    expect([member.status, member.body.error.code]).toEqual([403, 'forbidden']);
    const outsider = await transfer(api, w, w.dave, w.bob.id);
    expect([outsider.status, outsider.body.error.code]).toEqual([404, 'not_found']);
    expect(await roles(api, w)).toEqual(BEFORE(w));
  });

  test('a removed co-owner cannot transfer the org any more', async ({ api, w }) => {
    const promote = await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.bob.id}`, {
      as: w.alice,
      body: { role: 'owner' },
    });
    expect(promote.status).toBe(200);
    const remove = await api.request('DELETE', `/v1/orgs/${w.orgId}/members/${w.bob.id}`, {
      as: w.alice,
    });
    expect(remove.status).toBe(204);
    const res = await transfer(api, w, w.bob, w.carol.id);
    expect(res.status).toBe(404);
    expect(await roles(api, w)).toEqual([
      [w.alice.email, 'owner'],
      [w.carol.email, 'member'],
    ]);
  });

  test('only to a member: an outsider, an unknown id and bad bodies change nothing', async ({
    api,
    w,
  }) => {
    const outsider = await transfer(api, w, w.alice, w.dave.id);
    expect([outsider.status, outsider.body.error.code]).toEqual([404, 'not_found']);
    const unknown = await transfer(api, w, w.alice, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    for (const body of [{ userId: 'not-a-uuid' }, { userId: w.bob.id, role: 'owner' }, {}]) {
      const res = await api.request('POST', `/v1/orgs/${w.orgId}/ownership`, {
        as: w.alice,
        body,
      });
      expect(res.status).toBe(400);
    }
    expect(await roles(api, w)).toEqual(BEFORE(w));
  });

  test('two transfers at once leave exactly one owner', async ({ api, w }) => {
    const results = await Promise.all([
      transfer(api, w, w.alice, w.bob.id),
      transfer(api, w, w.alice, w.carol.id),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    const winner = results.find((r) => r.status === 200)!.body.ownerId;
    const owners = (await roles(api, w, w.bob)).filter(
      ([, role]: [string, string]) => role === 'owner',
    );
    expect(owners).toEqual([[winner === w.bob.id ? w.bob.email : w.carol.email, 'owner']]);
  });

  test('a transfer racing a co-owner removing the transferring owner never deadlocks', async ({
    api,
    w,
  }) => {
    const promote = await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.bob.id}`, {
      as: w.alice,
      body: { role: 'owner' },
    });
    expect(promote.status).toBe(200);
    const [transferred, removed] = await Promise.all([
      transfer(api, w, w.alice, w.carol.id),
      api.request('DELETE', `/v1/orgs/${w.orgId}/members/${w.alice.id}`, { as: w.bob }),
    ]);
    // Either order is fine; a 503 (deadlock, 40P01) is not.
    expect([200, 404]).toContain(transferred.status);
    expect(removed.status).toBe(204);
    const owners = (await roles(api, w, w.bob)).filter(
      ([, role]: [string, string]) => role === 'owner',
    );
    expect(owners.length).toBeGreaterThanOrEqual(1);
  });
});
