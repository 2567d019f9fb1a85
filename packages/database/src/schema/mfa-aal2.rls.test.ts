import { describe, expect } from 'vitest';
import { deleteOrganization, needsSecondFactor, updateMemberRole } from '../queries';
import { addTotpFactor, atAal2, expectSqlState, type TestDatabase } from '../testing';
import { rlsTest as test } from '../testing/fixtures';

async function roleOf(t: TestDatabase, orgId: string, userId: string) {
  const [row] =
    await t.sql`select role from memberships where org_id = ${orgId} and user_id = ${userId}`;
  return row?.role;
}

describe('deleting an org takes aal2 from an owner with a verified factor', () => {
  test('aal1 deletes nothing; aal2 deletes', async ({ t, w }) => {
    await addTotpFactor(t.sql, w.alice.id, 'verified');
    expect(await t.db.rls(w.alice.claims, (tx) => needsSecondFactor(tx))).toBe(true);
    expect(await t.db.rls(w.alice.claims, (tx) => deleteOrganization(tx, w.orgId))).toBe(false);
    const [org] = await t.sql`select count(*)::int as n from organizations where id = ${w.orgId}`;
    expect(org?.n).toBe(1);
    expect(await t.db.rls(atAal2(w.alice).claims, (tx) => needsSecondFactor(tx))).toBe(false);
    expect(await t.db.rls(atAal2(w.alice).claims, (tx) => deleteOrganization(tx, w.orgId))).toBe(
      true,
    );
  });

  test('an owner without factors, or with only an unverified one, is unaffected at aal1', async ({
    t,
    w,
  }) => {
    await addTotpFactor(t.sql, w.alice.id, 'unverified');
    // Someone else's verified factor changes nothing for alice.
    await addTotpFactor(t.sql, w.bob.id, 'verified');
    expect(await t.db.rls(w.alice.claims, (tx) => needsSecondFactor(tx))).toBe(false);
    expect(await t.db.rls(w.alice.claims, (tx) => deleteOrganization(tx, w.orgId))).toBe(true);
  });

  test('aal2 does not let a non-owner delete', async ({ t, w }) => {
    await addTotpFactor(t.sql, w.bob.id, 'verified');
    expect(await t.db.rls(atAal2(w.bob).claims, (tx) => deleteOrganization(tx, w.orgId))).toBe(
      false,
    );
  });

  test('a missing or odd aal claim counts as aal1', async ({ t, w }) => {
    await addTotpFactor(t.sql, w.alice.id, 'verified');
    const { aal: _aal, ...noAal } = w.alice.claims;
    for (const claims of [
      noAal,
      { ...w.alice.claims, aal: 'AAL2' },
      { ...w.alice.claims, aal: 'aal2 ' },
    ]) {
      expect(await t.db.rls(claims, (tx) => deleteOrganization(tx, w.orgId))).toBe(false);
    }
  });
});

describe('changing a role takes aal2 from a caller with a verified factor', () => {
  test('an admin with a factor: aal1 changes nothing, aal2 changes the role', async ({ t, w }) => {
    await addTotpFactor(t.sql, w.bob.id, 'verified');
    expect(
      await t.db.rls(w.bob.claims, (tx) => updateMemberRole(tx, w.orgId, w.carol.id, 'admin')),
    ).toBeUndefined();
    expect(await roleOf(t, w.orgId, w.carol.id)).toBe('member');
    expect(
      await t.db.rls(atAal2(w.bob).claims, (tx) =>
        updateMemberRole(tx, w.orgId, w.carol.id, 'admin'),
      ),
    ).toBe('admin');
  });

  test('an owner with a factor cannot step down or hand over ownership at aal1', async ({
    t,
    w,
  }) => {
    await addTotpFactor(t.sql, w.alice.id, 'verified');
    expect(
      await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.bob.id, 'owner')),
    ).toBeUndefined();
    expect(await roleOf(t, w.orgId, w.bob.id)).toBe('admin');
    expect(
      await t.db.rls(atAal2(w.alice).claims, (tx) =>
        updateMemberRole(tx, w.orgId, w.bob.id, 'owner'),
      ),
    ).toBe('owner');
  });

  test('the target having a factor does not protect them from an admin without one', async ({
    t,
    w,
  }) => {
    await addTotpFactor(t.sql, w.carol.id, 'verified');
    expect(
      await t.db.rls(w.bob.claims, (tx) => updateMemberRole(tx, w.orgId, w.carol.id, 'admin')),
    ).toBe('admin');
  });
});

describe('auth.mfa_factors stays closed to the API roles', () => {
  test('authenticated cannot read factors (secrets) directly', async ({ t, w }) => {
    await addTotpFactor(t.sql, w.alice.id, 'verified');
    await expectSqlState(
      t.db.rls(w.alice.claims, (tx) => tx.execute('select secret from auth.mfa_factors')),
      '42501',
    );
  });
});
