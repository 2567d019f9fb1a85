import { type Database, encodeCursor } from '@repo/database';
import { createTestUser } from '@repo/database/testing';
import { describe, expect } from 'vitest';
import { appFor, signToken, apiTest as test } from './harness';

// Well-formed requests carrying values PostgreSQL cannot store or compare: each must be a 4xx
// naming what is wrong, with nothing written, never a 500.
const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';

describe('NUL and lone surrogates in text fields are a 400 naming the field', () => {
  for (const [name, bad] of [
    ['NUL', `a${NUL}b`],
    ['a lone surrogate', `a${LONE_SURROGATE}b`],
  ] as const) {
    test(`${name} in item title and body, org name, display name, invitation token`, async ({
      api,
      w,
    }) => {
      const cases: [string, string, unknown, string][] = [
        ['POST', '/v1/items', { title: bad }, 'title'],
        ['POST', '/v1/items', { title: 'ok', body: bad }, 'body'],
        ['PATCH', `/v1/items/${w.davePersonalItemId}`, { title: bad }, 'title'],
        ['PATCH', `/v1/items/${w.davePersonalItemId}`, { body: bad }, 'body'],
        ['POST', '/v1/orgs', { name: bad, slug: `nul-${w.dave.id.slice(0, 8)}` }, 'name'],
        ['PATCH', '/v1/me/profile', { displayName: bad }, 'displayName'],
        ['PATCH', '/v1/me/profile', { avatarUrl: `https://example.test/${bad}` }, 'avatarUrl'],
        ['POST', '/v1/invitations/accept', { token: `${'t'.repeat(30)}${bad}` }, 'token'],
      ];
      for (const [method, path, body, field] of cases) {
        const res = await api.request(method, path, { as: w.dave, body });
        expect([method, path, field, res.status, res.body.error.code]).toEqual([
          method,
          path,
          field,
          400,
          'validation_failed',
        ]);
        expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
      }
      // Org fields as the org's admin, who could otherwise change them.
      const org = await api.request('PATCH', `/v1/orgs/${w.orgId}`, {
        as: w.alice,
        body: { name: bad },
      });
      expect([org.status, org.body.error.details[0].path]).toEqual([400, 'name']);
      const [counts] = await api.t.sql`
        select (select count(*)::int from items where owner_id = ${w.dave.id}) as items,
               (select count(*)::int from organizations where name like 'a%b') as orgs,
               (select display_name from profiles where id = ${w.dave.id}) as dave,
               (select title from items where id = ${w.davePersonalItemId}) as title`;
      expect(counts).toEqual({ items: 1, orgs: 0, dave: 'dave', title: 'dave personal' });
    });
  }

  test('NUL in the search query is a 400 naming q', async ({ api, w }) => {
    const res = await api.request('GET', `/v1/items?q=${encodeURIComponent(`x${NUL}`)}`, {
      as: w.dave,
    });
    expect([res.status, res.body.error.code, res.body.error.details[0].path]).toEqual([
      400,
      'validation_failed',
      'q',
    ]);
  });

  test('NUL in an invitation email is a 400 naming email', async ({ api, w }) => {
    const res = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.alice,
      body: { email: `x${NUL}@example.test` },
    });
    expect([res.status, res.body.error.details[0].path]).toEqual([400, 'email']);
    expect(api.sentInvitations).toHaveLength(0);
  });
});

describe('cursors naming impossible times are a 400', () => {
  const id = '3f0c8a5e-2a4b-4c1d-9e8f-0a1b2c3d4e5f';
  for (const createdAt of [
    '2026-02-30 10:00:00.123456+00',
    '2026-01-01 25:61:00+00',
    '2026-13-01 00:00:00+00',
    '2025-02-29 00:00:00+00',
    '2026-01-01 00:00:61+00',
    '0000-01-01 00:00:00+00',
    '2026-01-01 00:00:00+99',
  ]) {
    test(createdAt, async ({ api, w }) => {
      const res = await api.request('GET', `/v1/items?cursor=${encodeCursor({ createdAt, id })}`, {
        as: w.dave,
      });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_cursor']);
    });
  }

  test('a leap day and an offset with minutes are real times', async ({ api, w }) => {
    for (const createdAt of ['2024-02-29 23:59:59.999999+00', '2026-06-01 12:00:00+05:30']) {
      const res = await api.request('GET', `/v1/items?cursor=${encodeCursor({ createdAt, id })}`, {
        as: w.dave,
      });
      expect(res.status).toBe(200);
    }
  });
});

describe('validly signed tokens whose claims PostgreSQL cannot carry are a 401', () => {
  test('a sub that is not a UUID, on every kind of route', async ({ api, w }) => {
    const claims = { ...w.dave.claims, sub: 'not-a-uuid' };
    for (const [method, path] of [
      ['GET', '/v1/me'],
      ['GET', '/v1/items'],
      ['GET', `/v1/orgs/${w.orgId}`],
    ] as const) {
      const res = await api.request(method, path, { as: { ...w.dave, claims } });
      expect([path, res.status, res.body.error.code]).toEqual([path, 401, 'invalid_token']);
    }
  });

  test('a NUL or a lone surrogate in any claim', async ({ api }) => {
    const user = await createTestUser(api.t.sql, 'claims');
    for (const claims of [
      { ...user.claims, email: `a${NUL}@example.test` },
      { ...user.claims, user_metadata: { name: `x${NUL}` } },
      { ...user.claims, amr: [{ method: `pass${LONE_SURROGATE}` }] },
      { ...user.claims, [`key${NUL}`]: 1 },
    ]) {
      const res = await api.request('GET', '/v1/me', { as: { ...user, claims } });
      expect([res.status, res.body.error.code]).toEqual([401, 'invalid_token']);
    }
    // The same user with clean claims is served: only the claims were at fault.
    expect((await api.request('GET', '/v1/me', { as: user })).status).toBe(200);
  });

  test('they are refused before any database work', async ({ api, w }) => {
    let transactions = 0;
    const db: Database = {
      ...api.t.db,
      rls: (claims, fn, options) => {
        transactions++;
        return api.t.db.rls(claims, fn, options);
      },
    };
    const app = appFor(db);
    for (const claims of [
      { ...w.dave.claims, sub: 'not-a-uuid' },
      { ...w.dave.claims, email: `a${NUL}@example.test` },
    ]) {
      const res = await app.request('/v1/me', {
        headers: { authorization: `Bearer ${await signToken(claims)}` },
      });
      expect(res.status).toBe(401);
    }
    expect(transactions).toBe(0);
    const ok = await app.request('/v1/me', {
      headers: { authorization: `Bearer ${await signToken(w.dave.claims)}` },
    });
    expect([ok.status, transactions]).toEqual([200, 1]);
  });
});

describe('statuses the request pipeline answers are clear and documented', () => {
  test('a body that is not JSON is a 415 saying what to send', async ({ api, w }) => {
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
    ]) {
      const res = await api.request('POST', '/v1/items', {
        as: w.dave,
        rawBody: '{"title":"x"}',
        headers: { 'content-type': contentType },
      });
      expect([contentType, res.status, res.body.error.code]).toEqual([
        contentType,
        415,
        'unsupported_media_type',
      ]);
    }
    const [row] = await api.t
      .sql`select count(*)::int as n from items where owner_id = ${w.dave.id}`;
    expect(row?.n).toBe(1);
  });

  test('/openapi.json lists 401, 413, 415, 431 and 503 where they apply', async ({ api }) => {
    const doc = (await (await api.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: object }>>;
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const statuses = Object.keys(operation.responses);
        const expected = ['431'];
        if (path.startsWith('/v1/')) expected.push('401', '503');
        if (path.startsWith('/v1/') && method !== 'get') expected.push('413');
        if (operation.requestBody) expected.push('415');
        expect([method, path, statuses]).toEqual([method, path, expect.arrayContaining(expected)]);
      }
    }
  });
});
