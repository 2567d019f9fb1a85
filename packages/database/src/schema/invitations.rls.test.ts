import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  listMyOrganizations,
  removeMember,
  revokeInvitation,
  updateMemberRole,
} from '../queries';
import { expectSqlState, type TestDatabase, type World } from '../testing';
import { rlsTest as test } from '../testing/fixtures';
import { invitations } from './invitations';

const PERMISSION_DENIED = '42501';
const NOT_FOUND = 'P0002';

const inviteDave = (t: TestDatabase, w: World, user = w.bob, role: 'admin' | 'member' = 'member') =>
  t.db.rls(user.claims, (tx) =>
    createInvitation(tx, { orgId: w.orgId, email: w.dave.email, role }),
  );

describe('insert', () => {
  test('owners and admins invite; members and outsiders may not', async ({ t, w }) => {
    for (const admin of [w.alice, w.bob]) {
      const { invitation, token } = await t.db.rls(admin.claims, (tx) =>
        createInvitation(tx, {
          orgId: w.orgId,
          email: `New-${admin.id}@Example.test`,
          role: 'member',
        }),
      );
      expect(invitation).toMatchObject({
        email: `new-${admin.id}@example.test`,
        invitedBy: admin.id,
      });
      expect(token.length).toBeGreaterThanOrEqual(43);
    }
    for (const user of [w.carol, w.dave]) {
      await expectSqlState(inviteDave(t, w, user), PERMISSION_DENIED);
    }
  });

  test('invited_by cannot name someone else', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.bob.claims, (tx) =>
        tx.insert(invitations).values({
          orgId: w.orgId,
          email: 'x@example.test',
          tokenHash: 'x',
          invitedBy: w.alice.id,
        }),
      ),
      PERMISSION_DENIED,
    );
  });

  test('only the token hash is stored', async ({ t, w }) => {
    const { invitation, token } = await inviteDave(t, w);
    const [row] = await t.sql`select token_hash from invitations where id = ${invitation.id}`;
    expect(row?.token_hash).not.toContain(token);
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('one open invitation per address and org', async ({ t, w }) => {
    await inviteDave(t, w);
    await expectSqlState(inviteDave(t, w, w.alice), '23505');
  });

  test('an expired invitation does not block a new one: the new one replaces it', async ({
    t,
    w,
  }) => {
    const expired = await inviteDave(t, w);
    await t.sql`update invitations set expires_at = now() - interval '1 second' where id = ${expired.invitation.id}`;
    const fresh = await inviteDave(t, w, w.alice);
    const open = await t.db.rls(w.alice.claims, (tx) => listInvitations(tx, w.orgId));
    expect(open.map((i) => i.id)).toEqual([fresh.invitation.id]);
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) => acceptInvitation(tx, expired.token)),
      NOT_FOUND,
    );
    expect(await t.db.rls(w.dave.claims, (tx) => acceptInvitation(tx, fresh.token))).toBe(w.orgId);
  });

  test('two admins re-inviting at once after expiry: one invitation, the other a unique violation', async ({
    t,
    w,
  }) => {
    const expired = await inviteDave(t, w);
    await t.sql`update invitations set expires_at = now() - interval '1 second' where id = ${expired.invitation.id}`;
    const results = await Promise.allSettled([inviteDave(t, w, w.alice), inviteDave(t, w, w.bob)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    await expectSqlState(Promise.reject(refused.reason), '23505');
    const [row] = await t.sql`
      select count(*)::int as n from invitations where org_id = ${w.orgId} and email = ${w.dave.email}`;
    expect(row?.n).toBe(1);
  });

  test('a member cannot clear an expired invitation by trying to invite', async ({ t, w }) => {
    const expired = await inviteDave(t, w);
    await t.sql`update invitations set expires_at = now() - interval '1 second' where id = ${expired.invitation.id}`;
    await expectSqlState(inviteDave(t, w, w.carol), PERMISSION_DENIED);
    const [row] =
      await t.sql`select count(*)::int as n from invitations where id = ${expired.invitation.id}`;
    expect(row?.n).toBe(1);
  });
});

describe('when the inviter loses admin rights', () => {
  async function bobsOpenInvitation(t: TestDatabase, w: World) {
    const bobs = await inviteDave(t, w, w.bob);
    const alices = await t.db.rls(w.alice.claims, (tx) =>
      createInvitation(tx, { orgId: w.orgId, email: 'someone@example.test', role: 'member' }),
    );
    return { bobs, alices };
  }

  async function openInvitationIds(t: TestDatabase, w: World) {
    const rows = await t.sql<{ id: string }[]>`
      select id from invitations where org_id = ${w.orgId} and accepted_at is null`;
    return rows.map((row) => row.id);
  }

  test('demoted to member: their open invitations are revoked and cannot be accepted', async ({
    t,
    w,
  }) => {
    const { bobs, alices } = await bobsOpenInvitation(t, w);
    await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.bob.id, 'member'));
    expect(await openInvitationIds(t, w)).toEqual([alices.invitation.id]);
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) => acceptInvitation(tx, bobs.token)),
      NOT_FOUND,
    );
  });

  test('removed or left: the same', async ({ t, w }) => {
    const first = await bobsOpenInvitation(t, w);
    await t.db.rls(w.alice.claims, (tx) => removeMember(tx, w.orgId, w.bob.id));
    expect(await openInvitationIds(t, w)).toEqual([first.alices.invitation.id]);

    await t.sql`insert into memberships (org_id, user_id, role) values (${w.orgId}, ${w.bob.id}, 'admin')`;
    const second = await inviteDave(t, w, w.bob);
    await t.db.rls(w.bob.claims, (tx) => removeMember(tx, w.orgId, w.bob.id));
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) => acceptInvitation(tx, second.token)),
      NOT_FOUND,
    );
  });

  test('accepted invitations stay as history; promotion to owner keeps them open', async ({
    t,
    w,
  }) => {
    const accepted = await inviteDave(t, w, w.bob);
    await t.db.rls(w.dave.claims, (tx) => acceptInvitation(tx, accepted.token));
    const open = await t.db.rls(w.bob.claims, (tx) =>
      createInvitation(tx, { orgId: w.orgId, email: 'next@example.test', role: 'member' }),
    );
    await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.bob.id, 'owner'));
    expect(await openInvitationIds(t, w)).toEqual([open.invitation.id]);
    await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.bob.id, 'member'));
    expect(await openInvitationIds(t, w)).toEqual([]);
    const [row] =
      await t.sql`select accepted_at from invitations where id = ${accepted.invitation.id}`;
    expect(row?.accepted_at).toBeInstanceOf(Date);
  });
});

describe('select and delete', () => {
  test('owners and admins list and revoke; members and outsiders see none and revoke none', async ({
    t,
    w,
  }) => {
    const { invitation } = await inviteDave(t, w);
    for (const admin of [w.alice, w.bob]) {
      const open = await t.db.rls(admin.claims, (tx) => listInvitations(tx, w.orgId));
      expect(open.map((i) => i.id)).toEqual([invitation.id]);
    }
    for (const user of [w.carol, w.dave]) {
      expect(await t.db.rls(user.claims, (tx) => listInvitations(tx, w.orgId))).toEqual([]);
      expect(
        await t.db.rls(user.claims, (tx) => revokeInvitation(tx, w.orgId, invitation.id)),
      ).toBe(false);
    }
    expect(
      await t.db.rls(w.alice.claims, (tx) => revokeInvitation(tx, w.orgId, invitation.id)),
    ).toBe(true);
  });

  test('invitations are never updated directly', async ({ t, w }) => {
    const { invitation } = await inviteDave(t, w);
    await expectSqlState(
      t.db.rls(w.alice.claims, (tx) =>
        tx.update(invitations).set({ role: 'admin' }).where(eq(invitations.id, invitation.id)),
      ),
      PERMISSION_DENIED,
    );
  });

  test('anon may not read invitations', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => tx.select().from(invitations)),
      PERMISSION_DENIED,
    );
  });
});

describe('accept', () => {
  test('the invitee joins with the invited role, once', async ({ t, w }) => {
    const { token } = await inviteDave(t, w, w.bob, 'admin');
    expect(await t.db.rls(w.dave.claims, (tx) => acceptInvitation(tx, token))).toBe(w.orgId);
    const orgs = await t.db.rls(w.dave.claims, (tx) => listMyOrganizations(tx, w.dave.id));
    expect(orgs.map((o) => [o.id, o.role])).toEqual([[w.orgId, 'admin']]);
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) => acceptInvitation(tx, token)),
      NOT_FOUND,
    );
  });

  test('a token addressed to someone else is refused', async ({ t, w }) => {
    const { token } = await inviteDave(t, w);
    await expectSqlState(
      t.db.rls(w.carol.claims, (tx) => acceptInvitation(tx, token)),
      PERMISSION_DENIED,
    );
  });

  test('expired, revoked and made-up tokens are refused alike', async ({ t, w }) => {
    const { invitation, token } = await inviteDave(t, w);
    await t.sql`update invitations set expires_at = now() - interval '1 second' where id = ${invitation.id}`;
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) => acceptInvitation(tx, token)),
      NOT_FOUND,
    );
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) => acceptInvitation(tx, 'not-a-token')),
      NOT_FOUND,
    );
  });

  test('anon cannot call accept at all', async ({ t, w }) => {
    const { token } = await inviteDave(t, w);
    await expectSqlState(
      t.db.rls(w.anon, (tx) => tx.execute(sql`select private.accept_invitation(${token})`)),
      PERMISSION_DENIED,
    );
  });
});
