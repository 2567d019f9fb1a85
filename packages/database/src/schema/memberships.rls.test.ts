import { describe, expect } from 'vitest';
import { listMembers, removeMember, updateMemberRole } from '../queries';
import { expectSqlState, type TestDatabase, type World } from '../testing';
import { rlsTest as test } from '../testing/fixtures';
import { memberships } from './memberships';

const PERMISSION_DENIED = '42501';
const LAST_OWNER = '23000';

async function roleOf(t: TestDatabase, w: World, userId: string) {
  const [row] =
    await t.sql`select role from memberships where org_id = ${w.orgId} and user_id = ${userId}`;
  return row?.role as string | undefined;
}

describe('select', () => {
  test('members see the whole member list with profiles; outsiders see nobody', async ({
    t,
    w,
  }) => {
    for (const member of [w.alice, w.bob, w.carol]) {
      const members = await t.db.rls(member.claims, (tx) => listMembers(tx, w.orgId));
      expect(members.map((m) => [m.email, m.role])).toEqual([
        [w.alice.email, 'owner'],
        [w.bob.email, 'admin'],
        [w.carol.email, 'member'],
      ]);
    }
    expect(await t.db.rls(w.dave.claims, (tx) => listMembers(tx, w.orgId))).toEqual([]);
  });

  test('anon may not read memberships', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => listMembers(tx, w.orgId)),
      PERMISSION_DENIED,
    );
  });
});

describe('insert', () => {
  test('nobody joins an org by inserting a row, not even its owner adding someone', async ({
    t,
    w,
  }) => {
    for (const user of [w.dave, w.alice]) {
      await expectSqlState(
        t.db.rls(user.claims, (tx) =>
          tx.insert(memberships).values({ orgId: w.orgId, userId: w.dave.id, role: 'owner' }),
        ),
        PERMISSION_DENIED,
      );
    }
    expect(await roleOf(t, w, w.dave.id)).toBeUndefined();
  });
});

describe('update', () => {
  test('admins change roles among members and admins', async ({ t, w }) => {
    expect(
      await t.db.rls(w.bob.claims, (tx) => updateMemberRole(tx, w.orgId, w.carol.id, 'admin')),
    ).toBe('admin');
  });

  test('admins can neither grant ownership nor touch an owner', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.bob.claims, (tx) => updateMemberRole(tx, w.orgId, w.carol.id, 'owner')),
      PERMISSION_DENIED,
    );
    expect(
      await t.db.rls(w.bob.claims, (tx) => updateMemberRole(tx, w.orgId, w.alice.id, 'member')),
    ).toBeUndefined();
    expect(await roleOf(t, w, w.alice.id)).toBe('owner');
  });

  test('plain members and outsiders change no roles', async ({ t, w }) => {
    for (const user of [w.carol, w.dave]) {
      expect(
        await t.db.rls(user.claims, (tx) => updateMemberRole(tx, w.orgId, w.carol.id, 'admin')),
      ).toBeUndefined();
    }
    expect(await roleOf(t, w, w.carol.id)).toBe('member');
  });

  test('owners may make another owner, and then step down', async ({ t, w }) => {
    await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.bob.id, 'owner'));
    expect(
      await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.alice.id, 'admin')),
    ).toBe('admin');
  });

  test('the last owner cannot be demoted', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.alice.id, 'admin')),
      LAST_OWNER,
    );
    expect(await roleOf(t, w, w.alice.id)).toBe('owner');
  });
});

describe('delete', () => {
  test('anyone may leave', async ({ t, w }) => {
    expect(await t.db.rls(w.carol.claims, (tx) => removeMember(tx, w.orgId, w.carol.id))).toBe(
      true,
    );
    expect(await t.db.rls(w.bob.claims, (tx) => removeMember(tx, w.orgId, w.bob.id))).toBe(true);
  });

  test('admins remove members; members remove nobody else; nobody outside removes anyone', async ({
    t,
    w,
  }) => {
    expect(await t.db.rls(w.carol.claims, (tx) => removeMember(tx, w.orgId, w.bob.id))).toBe(false);
    expect(await t.db.rls(w.dave.claims, (tx) => removeMember(tx, w.orgId, w.carol.id))).toBe(
      false,
    );
    expect(await t.db.rls(w.bob.claims, (tx) => removeMember(tx, w.orgId, w.carol.id))).toBe(true);
  });

  test('admins cannot remove an owner', async ({ t, w }) => {
    expect(await t.db.rls(w.bob.claims, (tx) => removeMember(tx, w.orgId, w.alice.id))).toBe(false);
    expect(await roleOf(t, w, w.alice.id)).toBe('owner');
  });

  test('the last owner cannot leave; with a second owner they can', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.alice.claims, (tx) => removeMember(tx, w.orgId, w.alice.id)),
      LAST_OWNER,
    );
    await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.bob.id, 'owner'));
    expect(await t.db.rls(w.alice.claims, (tx) => removeMember(tx, w.orgId, w.alice.id))).toBe(
      true,
    );
  });

  test('two owners leaving at the same moment cannot leave the org without an owner', async ({
    t,
    w,
  }) => {
    await t.sql`update memberships set role = 'owner' where org_id = ${w.orgId} and user_id = ${w.bob.id}`;
    const results = await Promise.allSettled([
      t.db.rls(w.alice.claims, (tx) => removeMember(tx, w.orgId, w.alice.id)),
      t.db.rls(w.bob.claims, (tx) => removeMember(tx, w.orgId, w.bob.id)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [owners] =
      await t.sql`select count(*)::int as n from memberships where org_id = ${w.orgId} and role = 'owner'`;
    expect(owners?.n).toBe(1);
  });

  test('deleting the org removes every membership, owners included', async ({ t, w }) => {
    await t.sql`delete from organizations where id = ${w.orgId}`;
    const [left] =
      await t.sql`select count(*)::int as n from memberships where org_id = ${w.orgId}`;
    expect(left?.n).toBe(0);
  });
});
