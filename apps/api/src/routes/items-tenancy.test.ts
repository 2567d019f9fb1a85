import { createOrg, type TestUser } from '@repo/database/testing';
import { describe, expect } from 'vitest';
import { type TestApi, apiTest as test } from '../../test/harness';

// The tenancy rows of the items matrix through HTTP: the role changes through the API, then every
// item operation is tried with the same token the user had before.

interface Outcome {
  list: number;
  get: number;
  update: number;
  moveOut: number;
  moveElsewhere: number;
  delete: number;
}

/** Each item operation as `user`, with HTTP status and, for the list, whether the item was in it. */
async function tryEverything(
  api: TestApi,
  user: TestUser,
  orgId: string,
  itemId: string,
  elsewhere: string,
): Promise<Outcome & { listed: boolean }> {
  const list = await api.request('GET', `/v1/items?orgId=${orgId}`, { as: user });
  const item = `/v1/items/${itemId}`;
  const get = await api.request('GET', item, { as: user });
  const update = await api.request('PATCH', item, { as: user, body: { title: 'kept it' } });
  const moveOut = await api.request('PATCH', item, { as: user, body: { orgId: null } });
  const moveElsewhere = await api.request('PATCH', item, { as: user, body: { orgId: elsewhere } });
  const remove = await api.request('DELETE', item, { as: user });
  return {
    list: list.status,
    listed: list.body.items.some((i: { id: string }) => i.id === itemId),
    get: get.status,
    update: update.status,
    moveOut: moveOut.status,
    moveElsewhere: moveElsewhere.status,
    delete: remove.status,
  };
}

const LOCKED_OUT = {
  list: 200,
  listed: false,
  get: 404,
  update: 404,
  moveOut: 404,
  moveElsewhere: 404,
  delete: 404,
};

async function rowOf(api: TestApi, itemId: string) {
  const [row] = await api.t.sql`select title, org_id, done from items where id = ${itemId}`;
  return row;
}

describe('after removal', () => {
  test('a removed author gets 404 for every operation on their org item; the org keeps it', async ({
    api,
    w,
  }) => {
    const removed = await api.request('DELETE', `/v1/orgs/${w.orgId}/members/${w.carol.id}`, {
      as: w.alice,
    });
    expect(removed.status).toBe(204);
    const { orgId: refuge } = await createOrg(api.t.sql, 'Refuge', [[w.carol, 'owner']]);
    expect(await tryEverything(api, w.carol, w.orgId, w.carolOrgItemId, refuge)).toEqual(
      LOCKED_OUT,
    );
    expect(await rowOf(api, w.carolOrgItemId)).toEqual({
      title: 'carol in acme',
      org_id: w.orgId,
      done: false,
    });
    const byAdmin = await api.request('PATCH', `/v1/items/${w.carolOrgItemId}`, {
      as: w.bob,
      body: { done: true },
    });
    expect([byAdmin.status, byAdmin.body.ownerId]).toEqual([200, w.carol.id]);
  });
});

describe('after leaving', () => {
  test('an author who left gets 404 for every operation on their org item', async ({ api, w }) => {
    const left = await api.request('DELETE', `/v1/orgs/${w.orgId}/members/${w.carol.id}`, {
      as: w.carol,
    });
    expect(left.status).toBe(204);
    const { orgId: refuge } = await createOrg(api.t.sql, 'Refuge', [[w.carol, 'owner']]);
    expect(await tryEverything(api, w.carol, w.orgId, w.carolOrgItemId, refuge)).toEqual(
      LOCKED_OUT,
    );
    expect((await rowOf(api, w.carolOrgItemId))?.org_id).toBe(w.orgId);
  });
});

describe('after demotion', () => {
  test('an admin made member still lists and reads the item, but gets 403 changing it', async ({
    api,
    w,
  }) => {
    const demoted = await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.bob.id}`, {
      as: w.alice,
      body: { role: 'member' },
    });
    expect(demoted.status).toBe(200);
    const { orgId: bobs } = await createOrg(api.t.sql, 'Bobs', [[w.bob, 'owner']]);
    expect(await tryEverything(api, w.bob, w.orgId, w.carolOrgItemId, bobs)).toEqual({
      list: 200,
      listed: true,
      get: 200,
      update: 403,
      moveOut: 403,
      moveElsewhere: 403,
      delete: 403,
    });
    expect(await rowOf(api, w.carolOrgItemId)).toEqual({
      title: 'carol in acme',
      org_id: w.orgId,
      done: false,
    });
  });
});

describe('admin of two orgs', () => {
  test('admin in acme, member in globex: no edits in globex, no pulling its items into acme', async ({
    api,
    w,
  }) => {
    const globex = await createOrg(api.t.sql, 'Globex', [
      [w.dave, 'owner'],
      [w.bob, 'member'],
    ]);
    const outcome = await tryEverything(api, w.bob, globex.orgId, globex.itemId, w.orgId);
    expect(outcome).toEqual({
      list: 200,
      listed: true,
      get: 200,
      update: 403,
      moveOut: 403,
      moveElsewhere: 403,
      delete: 403,
    });
    expect((await rowOf(api, globex.itemId))?.org_id).toBe(globex.orgId);
  });

  test('an admin of both moves between them; an owner of one cannot push into the other', async ({
    api,
    w,
  }) => {
    const globex = await createOrg(api.t.sql, 'Globex', [
      [w.dave, 'owner'],
      [w.bob, 'admin'],
    ]);
    const moved = await api.request('PATCH', `/v1/items/${w.carolOrgItemId}`, {
      as: w.bob,
      body: { orgId: globex.orgId },
    });
    expect([moved.status, moved.body.orgId]).toEqual([200, globex.orgId]);
    // The author is not in globex: the item is now out of her reach.
    expect(
      (await api.request('GET', `/v1/items/${w.carolOrgItemId}`, { as: w.carol })).status,
    ).toBe(404);
    const back = await api.request('PATCH', `/v1/items/${globex.itemId}`, {
      as: w.bob,
      body: { orgId: w.orgId },
    });
    expect([back.status, back.body.orgId]).toEqual([200, w.orgId]);

    const alices = await api.request('POST', '/v1/items', {
      as: w.alice,
      body: { title: 'alice in acme', orgId: w.orgId },
    });
    const pushed = await api.request('PATCH', `/v1/items/${alices.body.id}`, {
      as: w.alice,
      body: { orgId: globex.orgId },
    });
    expect([pushed.status, pushed.body.error.code]).toEqual([403, 'forbidden']);
    expect((await rowOf(api, alices.body.id))?.org_id).toBe(w.orgId);
  });

  test('an admin cannot take someone else’s org item into a personal list', async ({ api, w }) => {
    const res = await api.request('PATCH', `/v1/items/${w.carolOrgItemId}`, {
      as: w.bob,
      body: { orgId: null },
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect((await rowOf(api, w.carolOrgItemId))?.org_id).toBe(w.orgId);
  });
});
