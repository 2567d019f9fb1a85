import type { JwtClaims } from '@repo/database';
import { addTotpFactor, atAal2 } from '@repo/database/testing';
import { describe, expect } from 'vitest';
import { signToken, apiTest as test } from '../../test/harness';

/** A token with no signature (alg "none"), as an attacker can write by hand. */
function unsigned(claims: JwtClaims): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

describe('a user with a verified factor needs an aal2 session for sensitive changes', () => {
  test('deleting an org: aal1 is 403 insufficient_aal, aal2 deletes', async ({ api, w }) => {
    await addTotpFactor(api.t.sql, w.alice.id);
    const refused = await api.request('DELETE', `/v1/orgs/${w.orgId}`, { as: w.alice });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'insufficient_aal']);
    expect((await api.request('GET', `/v1/orgs/${w.orgId}`, { as: w.alice })).status).toBe(200);
    const deleted = await api.request('DELETE', `/v1/orgs/${w.orgId}`, { as: atAal2(w.alice) });
    expect(deleted.status).toBe(204);
  });

  test('changing a role: aal1 is 403 insufficient_aal, aal2 changes it', async ({ api, w }) => {
    await addTotpFactor(api.t.sql, w.bob.id);
    const path = `/v1/orgs/${w.orgId}/members/${w.carol.id}`;
    const refused = await api.request('PATCH', path, { as: w.bob, body: { role: 'admin' } });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'insufficient_aal']);
    const changed = await api.request('PATCH', path, {
      as: atAal2(w.bob),
      body: { role: 'admin' },
    });
    expect([changed.status, changed.body.role]).toEqual([200, 'admin']);
  });

  test('aal2 does not turn a plain member into someone who may change roles', async ({
    api,
    w,
  }) => {
    await addTotpFactor(api.t.sql, w.carol.id);
    const path = `/v1/orgs/${w.orgId}/members/${w.bob.id}`;
    const aal1 = await api.request('PATCH', path, { as: w.carol, body: { role: 'member' } });
    expect([aal1.status, aal1.body.error.code]).toEqual([403, 'forbidden']);
    const raised = await api.request('PATCH', path, {
      as: atAal2(w.carol),
      body: { role: 'member' },
    });
    expect([raised.status, raised.body.error.code]).toEqual([403, 'forbidden']);
  });

  test('a user without factors is unaffected at aal1', async ({ api, w }) => {
    const path = `/v1/orgs/${w.orgId}/members/${w.carol.id}`;
    expect((await api.request('PATCH', path, { as: w.bob, body: { role: 'admin' } })).status).toBe(
      200,
    );
    expect((await api.request('DELETE', `/v1/orgs/${w.orgId}`, { as: w.alice })).status).toBe(204);
  });

  test('a forged aal2 claim, unsigned or signed with another key, is refused', async ({
    api,
    w,
  }) => {
    await addTotpFactor(api.t.sql, w.alice.id);
    const forged = atAal2(w.alice).claims;
    for (const token of [
      unsigned(forged),
      await signToken(forged, 'not-the-project-secret-but-long-enough-0123'),
    ]) {
      const res = await api.request('DELETE', `/v1/orgs/${w.orgId}`, { as: token });
      expect(res.status).toBe(401);
    }
    expect((await api.request('GET', `/v1/orgs/${w.orgId}`, { as: w.alice })).status).toBe(200);
  });
});
