import { describe, expect } from 'vitest';
import { apiTest as test } from '../../test/harness';

// The items row of the access matrix, through HTTP: token → rls() → RLS.
describe('GET /v1/items', () => {
  test('without orgId: your personal items only', async ({ api, w }) => {
    const res = await api.request('GET', '/v1/items', { as: w.alice });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { title: string }) => i.title)).toEqual(['alice personal']);
    expect(res.body.nextCursor).toBeNull();
  });

  test("with orgId: the org's items for members, nothing for outsiders", async ({ api, w }) => {
    for (const member of [w.alice, w.bob, w.carol]) {
      const res = await api.request('GET', `/v1/items?orgId=${w.orgId}`, { as: member });
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([w.carolOrgItemId]);
    }
    const outsider = await api.request('GET', `/v1/items?orgId=${w.orgId}`, { as: w.dave });
    expect([outsider.status, outsider.body.items]).toEqual([200, []]);
  });

  test('pages with the returned cursor and searches titles', async ({ api, w }) => {
    for (let i = 0; i < 5; i++) {
      await api.request('POST', '/v1/items', { as: w.dave, body: { title: `task ${i}` } });
    }
    const first = await api.request('GET', '/v1/items?limit=4', { as: w.dave });
    expect(first.body.items).toHaveLength(4);
    const second = await api.request('GET', `/v1/items?limit=4&cursor=${first.body.nextCursor}`, {
      as: w.dave,
    });
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const found = await api.request('GET', '/v1/items?q=TASK%203', { as: w.dave });
    expect(found.body.items.map((i: { title: string }) => i.title)).toEqual(['task 3']);
  });

  test('a forged cursor is a 400, not a 500', async ({ api, w }) => {
    const res = await api.request('GET', '/v1/items?cursor=forged', { as: w.alice });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_cursor']);
  });
});

describe('POST /v1/items', () => {
  test('creates an item owned by the caller', async ({ api, w }) => {
    const res = await api.request('POST', '/v1/items', {
      as: w.dave,
      body: { title: '  trimmed  ', body: 'b' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'trimmed',
      body: 'b',
      done: false,
      ownerId: w.dave.id,
      orgId: null,
    });
  });

  test('ownerId cannot be sent at all', async ({ api, w }) => {
    const res = await api.request('POST', '/v1/items', {
      as: w.dave,
      body: { title: 'x', ownerId: w.alice.id },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(res.body.error.details)).toContain('ownerId');
  });

  test("members share into their org; outsiders can't add to it", async ({ api, w }) => {
    const ok = await api.request('POST', '/v1/items', {
      as: w.carol,
      body: { title: 'team', orgId: w.orgId },
    });
    expect([ok.status, ok.body.orgId]).toEqual([201, w.orgId]);
    const denied = await api.request('POST', '/v1/items', {
      as: w.dave,
      body: { title: 'team', orgId: w.orgId },
    });
    expect([denied.status, denied.body.error.code]).toEqual([403, 'forbidden']);
    const [count] = await api.t
      .sql`select count(*)::int as n from items where owner_id = ${w.dave.id} and org_id is not null`;
    expect(count?.n).toBe(0);
  });
});

describe('GET/PATCH/DELETE /v1/items/:id', () => {
  test('hidden items are 404 for every verb', async ({ api, w }) => {
    for (const [method, body] of [['GET'], ['PATCH', { done: true }], ['DELETE']] as const) {
      const res = await api.request(method, `/v1/items/${w.alicePersonalItemId}`, {
        as: w.dave,
        body,
      });
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    }
  });

  test('visible but not yours to change is 403; yours is 200', async ({ api, w }) => {
    const bobs = await api.request('POST', '/v1/items', {
      as: w.bob,
      body: { title: 'bob', orgId: w.orgId },
    });
    const denied = await api.request('PATCH', `/v1/items/${bobs.body.id}`, {
      as: w.carol,
      body: { done: true },
    });
    expect([denied.status, denied.body.error.code]).toEqual([403, 'forbidden']);
    const deniedDelete = await api.request('DELETE', `/v1/items/${bobs.body.id}`, { as: w.carol });
    expect(deniedDelete.status).toBe(403);
    const byAdmin = await api.request('PATCH', `/v1/items/${w.carolOrgItemId}`, {
      as: w.bob,
      body: { title: 'edited' },
    });
    expect([byAdmin.status, byAdmin.body.title]).toEqual([200, 'edited']);
    expect((await api.request('DELETE', `/v1/items/${bobs.body.id}`, { as: w.bob })).status).toBe(
      204,
    );
    expect((await api.request('GET', `/v1/items/${bobs.body.id}`, { as: w.bob })).status).toBe(404);
  });

  test('ownerId cannot be patched; moving into a foreign org is refused and changes nothing', async ({
    api,
    w,
  }) => {
    const spoof = await api.request('PATCH', `/v1/items/${w.davePersonalItemId}`, {
      as: w.dave,
      body: { ownerId: w.alice.id },
    });
    expect(spoof.status).toBe(400);
    const move = await api.request('PATCH', `/v1/items/${w.davePersonalItemId}`, {
      as: w.dave,
      body: { orgId: w.orgId, title: 'moved' },
    });
    expect([move.status, move.body.error.code]).toEqual([403, 'forbidden']);
    const [row] = await api.t
      .sql`select title, org_id from items where id = ${w.davePersonalItemId}`;
    expect(row).toEqual({ title: 'dave personal', org_id: null });
  });
});

describe('bad input is a clear 4xx', () => {
  test('malformed JSON', async ({ api, w }) => {
    const res = await api.request('POST', '/v1/items', { as: w.dave, rawBody: '{"title": ' });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_json']);
  });

  test('a bad uuid in the path or query', async ({ api, w }) => {
    const path = await api.request('GET', '/v1/items/not-a-uuid', { as: w.dave });
    expect([path.status, path.body.error.code]).toEqual([400, 'validation_failed']);
    const query = await api.request('GET', '/v1/items?orgId=123', { as: w.dave });
    expect([query.status, query.body.error.code]).toEqual([400, 'validation_failed']);
  });

  test('wrong types, empty titles, empty patches, out-of-range limits', async ({ api, w }) => {
    for (const body of [
      { title: 5 },
      { title: '   ' },
      { title: 'x'.repeat(201) },
      { title: 'x', done: 'yes' },
    ]) {
      const res = await api.request('POST', '/v1/items', { as: w.dave, body });
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    }
    const empty = await api.request('PATCH', `/v1/items/${w.davePersonalItemId}`, {
      as: w.dave,
      body: {},
    });
    expect(empty.status).toBe(400);
    const limit = await api.request('GET', '/v1/items?limit=1000', { as: w.dave });
    expect(limit.status).toBe(400);
  });

  test('an oversize body is refused before it is read, and nothing is written', async ({
    api,
    w,
  }) => {
    const res = await api.request('POST', '/v1/items', {
      as: w.dave,
      body: { title: 'big', body: 'x'.repeat(20_000) },
    });
    expect([res.status, res.body.error.code]).toEqual([413, 'body_too_large']);
    const [row] = await api.t.sql`select count(*)::int as n from items where title = 'big'`;
    expect(row?.n).toBe(0);
  });

  test('errors carry the request id that the response header names', async ({ api, w }) => {
    const res = await api.request('GET', '/v1/items/not-a-uuid', { as: w.dave });
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
  });
});
