import { createOrg } from '@repo/database/testing';
import { describe, expect } from 'vitest';
import { type TestApi, apiTest as test } from '../../test/harness';

// DELETE /v1/me: the contract the profile page's "Delete account" builds on.

async function accountExists(api: TestApi, id: string) {
  const [row] = await api.t.sql`select exists (select 1 from auth.users where id = ${id}) as found`;
  return row?.found as boolean;
}

describe('DELETE /v1/me', () => {
  test('without the right confirmation: 400 confirmation_required, nothing deleted', async ({
    api,
    w,
  }) => {
    for (const body of [
      undefined,
      {},
      { confirmation: '' },
      { confirmation: w.alice.email },
      { confirmation: 42 },
      { confirmation: w.dave.email, extra: true },
      { confirmation: `${w.dave.email}\u0000` },
      { confirmation: '\ud800' },
    ]) {
      const res = await api.request('DELETE', '/v1/me', { as: w.dave, body });
      expect([res.status, res.body.error.code]).toEqual([400, 'confirmation_required']);
    }
    const notJson = await api.request('DELETE', '/v1/me', { as: w.dave, rawBody: '{' });
    expect(notJson.status).toBe(400);
    expect(await accountExists(api, w.dave.id)).toBe(true);
  });

  test('deletes the account, its personal items and the orgs it was alone in', async ({
    api,
    w,
  }) => {
    const solo = await createOrg(api.t.sql, 'Solo', [[w.dave, 'owner']]);
    const res = await api.request('DELETE', '/v1/me', {
      as: w.dave,
      body: { confirmation: w.dave.email.toUpperCase() },
    });
    expect([res.status, res.body]).toEqual([204, undefined]);
    expect(await accountExists(api, w.dave.id)).toBe(false);
    const [left] = await api.t.sql`
      select (select count(*)::int from organizations where id = ${solo.orgId}) as orgs,
             (select count(*)::int from items where owner_id = ${w.dave.id}) as items`;
    expect(left).toEqual({ orgs: 0, items: 0 });
    // The token still verifies until it expires, but there is no one behind it any more.
    const after = await api.request('GET', '/v1/me', { as: w.dave });
    expect(after.status).toBe(404);
    const again = await api.request('DELETE', '/v1/me', {
      as: w.dave,
      body: { confirmation: w.dave.email },
    });
    expect(again.status).toBe(404);
  });

  test('the only owner of a shared org gets 409 sole_owner naming it, until they hand it over', async ({
    api,
    w,
  }) => {
    const shared = await createOrg(api.t.sql, 'Shared', [
      [w.alice, 'owner'],
      [w.dave, 'member'],
    ]);
    await createOrg(api.t.sql, 'Alone', [[w.alice, 'owner']]);
    const refused = await api.request('DELETE', '/v1/me', {
      as: w.alice,
      body: { confirmation: w.alice.email },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'sole_owner',
      details: {
        organizations: [
          { id: w.orgId, name: 'Acme' },
          { id: shared.orgId, name: 'Shared' },
        ],
      },
    });
    expect(await accountExists(api, w.alice.id)).toBe(true);

    for (const [orgId, heir] of [
      [w.orgId, w.bob.id],
      [shared.orgId, w.dave.id],
    ]) {
      const promoted = await api.request('PATCH', `/v1/orgs/${orgId}/members/${heir}`, {
        as: w.alice,
        body: { role: 'owner' },
      });
      expect(promoted.status).toBe(200);
    }
    const deleted = await api.request('DELETE', '/v1/me', {
      as: w.alice,
      body: { confirmation: w.alice.email },
    });
    expect(deleted.status).toBe(204);
    const members = await api.request('GET', `/v1/orgs/${w.orgId}/members`, { as: w.bob });
    expect(members.body.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [w.bob.id, 'owner'],
      [w.carol.id, 'member'],
    ]);
  });

  test('is in the OpenAPI document with its 409 body', async ({ api }) => {
    const doc = (await api.request('GET', '/openapi.json')).body;
    const operation = doc.paths['/v1/me'].delete;
    // Its own answers, plus those every /v1 operation can give (body limits, content type, rate
    // limit, header size, database unavailable).
    expect(Object.keys(operation.responses).sort()).toEqual([
      '204',
      '400',
      '401',
      '404',
      '409',
      '413',
      '415',
      '429',
      '431',
      '503',
    ]);
    expect(operation.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/DeleteAccount',
    );
    expect(doc.components.schemas.SoleOwnerError).toBeDefined();
  });

  test('needs a token', async ({ api }) => {
    const res = await api.request('DELETE', '/v1/me', { body: { confirmation: 'x@example.test' } });
    expect(res.status).toBe(401);
  });
});
