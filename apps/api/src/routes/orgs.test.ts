import { createWorld, type World } from '@repo/database/testing';
import { describe, expect } from 'vitest';
import { apiTest as test } from '../../test/harness';

const slugFor = (w: World) => `team-${w.dave.id.slice(0, 8)}`;

describe('/v1/orgs', () => {
  test('create makes you the owner; list and get show your role', async ({ api, w }) => {
    const created = await api.request('POST', '/v1/orgs', {
      as: w.dave,
      body: { name: 'Dave Co', slug: slugFor(w) },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Dave Co', slug: slugFor(w), role: 'owner' });
    const list = await api.request('GET', '/v1/orgs', { as: w.dave });
    expect(list.body.map((o: { id: string }) => o.id)).toEqual([created.body.id]);
    const bob = await api.request('GET', `/v1/orgs/${w.orgId}`, { as: w.bob });
    expect(bob.body.role).toBe('admin');
  });

  test('a taken slug is a 409 with its own code', async ({ api, w }) => {
    await api.request('POST', '/v1/orgs', { as: w.dave, body: { name: 'A', slug: slugFor(w) } });
    const res = await api.request('POST', '/v1/orgs', {
      as: w.carol,
      body: { name: 'B', slug: slugFor(w) },
    });
    expect([res.status, res.body.error.code]).toEqual([409, 'slug_taken']);
  });

  test('bad slugs and unknown fields are 400', async ({ api, w }) => {
    for (const body of [
      { name: 'x', slug: 'Has Caps' },
      { name: 'x', slug: 'ab' },
      { name: 'x', slug: 'okay-slug', ownerId: w.alice.id },
    ]) {
      const res = await api.request('POST', '/v1/orgs', { as: w.dave, body });
      expect(res.status).toBe(400);
    }
  });

  test('outsiders get 404; members 403 on rename; admins rename; only owners delete', async ({
    api,
    w,
  }) => {
    expect((await api.request('GET', `/v1/orgs/${w.orgId}`, { as: w.dave })).status).toBe(404);
    expect(
      (await api.request('PATCH', `/v1/orgs/${w.orgId}`, { as: w.dave, body: { name: 'x' } }))
        .status,
    ).toBe(404);
    const member = await api.request('PATCH', `/v1/orgs/${w.orgId}`, {
      as: w.carol,
      body: { name: 'x' },
    });
    expect([member.status, member.body.error.code]).toEqual([403, 'forbidden']);
    const admin = await api.request('PATCH', `/v1/orgs/${w.orgId}`, {
      as: w.bob,
      body: { name: 'Acme 2' },
    });
    expect([admin.status, admin.body.name]).toEqual([200, 'Acme 2']);
    expect((await api.request('DELETE', `/v1/orgs/${w.orgId}`, { as: w.bob })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/orgs/${w.orgId}`, { as: w.alice })).status).toBe(204);
    expect((await api.request('GET', `/v1/orgs/${w.orgId}`, { as: w.alice })).status).toBe(404);
  });
});

describe('/v1/orgs/:id/members', () => {
  test('members list everyone with roles; outsiders get 404', async ({ api, w }) => {
    const res = await api.request('GET', `/v1/orgs/${w.orgId}/members`, { as: w.carol });
    expect(res.body.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [w.alice.email, 'owner'],
      [w.bob.email, 'admin'],
      [w.carol.email, 'member'],
    ]);
    expect((await api.request('GET', `/v1/orgs/${w.orgId}/members`, { as: w.dave })).status).toBe(
      404,
    );
  });

  test('admins change member roles; members cannot; admins cannot touch owners', async ({
    api,
    w,
  }) => {
    const promote = await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.carol.id}`, {
      as: w.bob,
      body: { role: 'admin' },
    });
    expect([promote.status, promote.body]).toEqual([200, { userId: w.carol.id, role: 'admin' }]);
    const byMember = await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.bob.id}`, {
      as: (await createWorld(api.t.sql)).carol, // a member of another org: sees nothing here
      body: { role: 'member' },
    });
    expect(byMember.status).toBe(404);
    const demoteOwner = await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.alice.id}`, {
      as: w.bob,
      body: { role: 'member' },
    });
    expect([demoteOwner.status, demoteOwner.body.error.code]).toEqual([403, 'forbidden']);
    const grantOwner = await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.carol.id}`, {
      as: w.bob,
      body: { role: 'owner' },
    });
    expect(grantOwner.status).toBe(403);
    const unknownMember = await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.dave.id}`, {
      as: w.alice,
      body: { role: 'admin' },
    });
    expect(unknownMember.status).toBe(404);
  });

  test('the last owner gets a 409 when leaving or stepping down', async ({ api, w }) => {
    const leave = await api.request('DELETE', `/v1/orgs/${w.orgId}/members/${w.alice.id}`, {
      as: w.alice,
    });
    expect([leave.status, leave.body.error.code]).toEqual([409, 'last_owner']);
    const demote = await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.alice.id}`, {
      as: w.alice,
      body: { role: 'member' },
    });
    expect([demote.status, demote.body.error.code]).toEqual([409, 'last_owner']);
  });

  test('anyone leaves; admins remove members; members remove nobody', async ({ api, w }) => {
    const byMember = await api.request('DELETE', `/v1/orgs/${w.orgId}/members/${w.bob.id}`, {
      as: w.carol,
    });
    expect([byMember.status, byMember.body.error.code]).toEqual([403, 'forbidden']);
    expect(
      (await api.request('DELETE', `/v1/orgs/${w.orgId}/members/${w.carol.id}`, { as: w.bob }))
        .status,
    ).toBe(204);
    expect(
      (await api.request('DELETE', `/v1/orgs/${w.orgId}/members/${w.bob.id}`, { as: w.bob }))
        .status,
    ).toBe(204);
    expect((await api.request('GET', `/v1/orgs/${w.orgId}`, { as: w.bob })).status).toBe(404);
  });
});
