import { createTestUser } from '@repo/database/testing';
import { describe, expect } from 'vitest';
import { apiTest as test } from '../../test/harness';

const tokenOf = (acceptUrl: string) => new URL(acceptUrl).searchParams.get('token')!;

describe('POST /v1/orgs/:id/invitations', () => {
  test('admins invite; the email carries a one-time link; the invitee accepts and joins', async ({
    api,
    w,
  }) => {
    const res = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.bob,
      body: { email: w.dave.email.toUpperCase(), role: 'admin' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email: w.dave.email,
      role: 'admin',
      invitedBy: w.bob.id,
      acceptedAt: null,
    });
    expect(res.body).not.toHaveProperty('tokenHash');
    // Sent by the job worker after the request committed.
    const email = await api.invitationTo(w.dave.email);
    expect(email).toMatchObject({
      to: w.dave.email,
      orgName: 'Acme',
      invitedBy: w.bob.email,
      role: 'admin',
    });
    expect(email.acceptUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/invitations\/accept\?token=/);

    const accepted = await api.request('POST', '/v1/invitations/accept', {
      as: w.dave,
      body: { token: tokenOf(email.acceptUrl) },
    });
    expect([accepted.status, accepted.body]).toEqual([200, { orgId: w.orgId }]);
    const org = await api.request('GET', `/v1/orgs/${w.orgId}`, { as: w.dave });
    expect(org.body.role).toBe('admin');
    const again = await api.request('POST', '/v1/invitations/accept', {
      as: w.dave,
      body: { token: tokenOf(email.acceptUrl) },
    });
    expect([again.status, again.body.error.code]).toEqual([404, 'invitation_not_found']);
  });

  test('a second open invitation to the same address is a 409', async ({ api, w }) => {
    await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.bob,
      body: { email: w.dave.email },
    });
    const res = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.alice,
      body: { email: w.dave.email },
    });
    expect([res.status, res.body.error.code]).toEqual([409, 'already_invited']);
  });

  test('inviting your own address (in any case) is a 400 and sends nothing', async ({ api, w }) => {
    const res = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.bob,
      body: { email: w.bob.email.toUpperCase() },
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'cannot_invite_yourself']);
    const open = await api.request('GET', `/v1/orgs/${w.orgId}/invitations`, { as: w.bob });
    expect(open.body).toEqual([]);
  });

  test('an expired invitation does not block inviting the address again', async ({ api, w }) => {
    const first = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.bob,
      body: { email: w.dave.email },
    });
    await api.t
      .sql`update invitations set expires_at = now() - interval '1 second' where id = ${first.body.id}`;
    const again = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.alice,
      body: { email: w.dave.email },
    });
    expect([again.status, again.body.invitedBy]).toEqual([201, w.alice.id]);
    const open = await api.request('GET', `/v1/orgs/${w.orgId}/invitations`, { as: w.alice });
    expect(open.body.map((i: { id: string }) => i.id)).toEqual([again.body.id]);
  });

  test("an admin's open invitations are revoked when they are demoted", async ({ api, w }) => {
    await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.bob,
      body: { email: w.dave.email },
    });
    // Sent by the job worker after the request committed.
    const email = await api.invitationTo(w.dave.email);
    await api.request('PATCH', `/v1/orgs/${w.orgId}/members/${w.bob.id}`, {
      as: w.alice,
      body: { role: 'member' },
    });
    const open = await api.request('GET', `/v1/orgs/${w.orgId}/invitations`, { as: w.alice });
    expect(open.body).toEqual([]);
    const accept = await api.request('POST', '/v1/invitations/accept', {
      as: w.dave,
      body: { token: tokenOf(email.acceptUrl) },
    });
    expect([accept.status, accept.body.error.code]).toEqual([404, 'invitation_not_found']);
  });

  test('members get 403, outsiders 404, and no email goes out', async ({ api, w }) => {
    const sent = api.sentInvitations.length;
    const member = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.carol,
      body: { email: 'x@example.test' },
    });
    expect([member.status, member.body.error.code]).toEqual([403, 'forbidden']);
    const outsider = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.dave,
      body: { email: 'x@example.test' },
    });
    expect(outsider.status).toBe(404);
    expect(api.sentInvitations.length).toBe(sent);
  });

  test('owner is not an invitable role; bad emails are 400', async ({ api, w }) => {
    for (const body of [{ email: 'x@example.test', role: 'owner' }, { email: 'not-an-email' }]) {
      expect(
        (await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, { as: w.alice, body }))
          .status,
      ).toBe(400);
    }
  });

  test('when the mail server fails, the invitation stands and its email is retried', async ({
    api,
    w,
  }) => {
    api.failNextInvitation();
    const res = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.alice,
      body: { email: 'retried@example.test' },
    });
    expect(res.status).toBe(201);
    const email = await api.invitationTo('retried@example.test');
    expect(email.acceptUrl).toMatch(/token=/);
    // Done jobs leave the queue (right after the mailer returns).
    let queued = 1;
    for (const deadline = Date.now() + 10_000; queued > 0 && Date.now() < deadline; ) {
      const [job] = await api.t.sql`
        select count(*)::int as n from graphile_worker._private_jobs j
        where j.payload ->> 'invitationId' = ${res.body.id}`;
      queued = job!.n;
      if (queued) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(queued).toBe(0);
    expect(api.sentInvitations.filter((sent) => sent.to === 'retried@example.test')).toHaveLength(
      1,
    );
  });
});

describe('listing, revoking and accepting', () => {
  test('admins list and revoke; members get 403', async ({ api, w }) => {
    const created = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.bob,
      body: { email: w.dave.email },
    });
    const token = tokenOf((await api.invitationTo(w.dave.email)).acceptUrl);
    const list = await api.request('GET', `/v1/orgs/${w.orgId}/invitations`, { as: w.alice });
    expect(list.body.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expect(
      (await api.request('GET', `/v1/orgs/${w.orgId}/invitations`, { as: w.carol })).status,
    ).toBe(403);
    expect(
      (
        await api.request('DELETE', `/v1/orgs/${w.orgId}/invitations/${created.body.id}`, {
          as: w.carol,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.request('DELETE', `/v1/orgs/${w.orgId}/invitations/${created.body.id}`, {
          as: w.alice,
        })
      ).status,
    ).toBe(204);
    expect(
      (await api.request('POST', '/v1/invitations/accept', { as: w.dave, body: { token } })).status,
    ).toBe(404);
  });

  test('someone else signed in with the link gets a 403 naming the problem', async ({ api, w }) => {
    await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.bob,
      body: { email: w.dave.email },
    });
    const stranger = await createTestUser(api.t.sql, 'stranger');
    const res = await api.request('POST', '/v1/invitations/accept', {
      as: stranger,
      body: { token: tokenOf((await api.invitationTo(w.dave.email)).acceptUrl) },
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'invitation_for_another_email']);
  });
});
