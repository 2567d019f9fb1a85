import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { createOrg, createTestUser, expectSqlState, type TestDatabase } from '../testing';
import { rlsTest as test } from '../testing/fixtures';
import { deleteAccount } from './account';
import { updateMemberRole } from './memberships';

// Deleting an account: by the user (private.delete_account, DELETE /v1/me) and by an operator
// deleting the auth user (Auth's admin API, the dashboard, SQL), which the trigger makes safe.

async function userExists(t: TestDatabase, id: string) {
  const [row] = await t.sql`
    select exists (select 1 from auth.users where id = ${id}) as user,
           exists (select 1 from profiles where id = ${id}) as profile`;
  return row?.user && row.profile;
}

async function membersOf(t: TestDatabase, orgId: string) {
  const rows = await t.sql<{ user_id: string; role: string }[]>`
    select m.user_id, m.role::text from memberships m where m.org_id = ${orgId}
    order by m.role, m.created_at`;
  return rows.map((row) => [row.user_id, row.role]);
}

describe('private.delete_account', () => {
  test('a missing or wrong confirmation deletes nothing', async ({ t, w }) => {
    for (const confirmation of ['', 'dave', w.alice.email, `${w.dave.email}x`]) {
      expect(await t.db.rls(w.dave.claims, (tx) => deleteAccount(tx, confirmation))).toEqual({
        outcome: 'confirmation_required',
      });
    }
    expect(await userExists(t, w.dave.id)).toBe(true);
  });

  test('the confirmation is the account’s email, in any case, trimmed', async ({ t, w }) => {
    expect(
      await t.db.rls(w.dave.claims, (tx) => deleteAccount(tx, ` ${w.dave.email.toUpperCase()} `)),
    ).toEqual({ outcome: 'deleted' });
    expect(await userExists(t, w.dave.id)).toBe(false);
    const [items] = await t.sql`select count(*)::int as n from items where owner_id = ${w.dave.id}`;
    expect(items?.n).toBe(0);
  });

  test('the only owner of an org with other members must hand it over first', async ({ t, w }) => {
    const result = await t.db.rls(w.alice.claims, (tx) => deleteAccount(tx, w.alice.email));
    expect(result).toEqual({
      outcome: 'sole_owner',
      organizations: [{ id: w.orgId, name: 'Acme' }],
    });
    expect(await userExists(t, w.alice.id)).toBe(true);

    await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.bob.id, 'owner'));
    expect(await t.db.rls(w.alice.claims, (tx) => deleteAccount(tx, w.alice.email))).toEqual({
      outcome: 'deleted',
    });
    expect(await userExists(t, w.alice.id)).toBe(false);
    expect(await membersOf(t, w.orgId)).toEqual([
      [w.bob.id, 'owner'],
      [w.carol.id, 'member'],
    ]);
    const [item] = await t.sql`select title from items where id = ${w.carolOrgItemId}`;
    expect(item?.title).toBe('carol in acme');
  });

  test('orgs the caller is alone in go with the account, with their items', async ({ t, w }) => {
    const solo = await createOrg(t.sql, 'Solo', [[w.dave, 'owner']]);
    expect(await t.db.rls(w.dave.claims, (tx) => deleteAccount(tx, w.dave.email))).toEqual({
      outcome: 'deleted',
    });
    const [left] = await t.sql`
      select (select count(*)::int from organizations where id = ${solo.orgId}) as orgs,
             (select count(*)::int from items where id = ${solo.itemId}) as items`;
    expect(left).toEqual({ orgs: 0, items: 0 });
  });

  test('a member’s account goes with their memberships and what they wrote', async ({ t, w }) => {
    expect(await t.db.rls(w.carol.claims, (tx) => deleteAccount(tx, w.carol.email))).toEqual({
      outcome: 'deleted',
    });
    expect(await membersOf(t, w.orgId)).toEqual([
      [w.alice.id, 'owner'],
      [w.bob.id, 'admin'],
    ]);
    const [items] =
      await t.sql`select count(*)::int as n from items where id = ${w.carolOrgItemId}`;
    expect(items?.n).toBe(0);
  });

  test('a token whose user is already gone deletes nothing and says so', async ({ t, w }) => {
    await t.sql`delete from auth.users where id = ${w.dave.id}`;
    expect(await t.db.rls(w.dave.claims, (tx) => deleteAccount(tx, w.dave.email))).toEqual({
      outcome: 'not_found',
    });
  });

  test('anon may not call it', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => tx.execute(sql`select private.delete_account('x')`)),
      '42501',
    );
  });
});

describe('deleting the auth user directly', () => {
  test('an org whose only owner goes gets its longest-standing admin as owner', async ({
    t,
    w,
  }) => {
    const erin = await createTestUser(t.sql, 'erin');
    // erin joined as admin after bob, so bob has stood longer.
    await t.sql`insert into memberships (org_id, user_id, role, created_at)
                values (${w.orgId}, ${erin.id}, 'admin', now() + interval '1 minute')`;
    await t.sql`delete from auth.users where id = ${w.alice.id}`;
    expect(await membersOf(t, w.orgId)).toEqual([
      [w.bob.id, 'owner'],
      [erin.id, 'admin'],
      [w.carol.id, 'member'],
    ]);
  });

  test('with no admin, the longest-standing member; alone, the org goes', async ({ t, w }) => {
    const erin = await createTestUser(t.sql, 'erin');
    const team = await createOrg(t.sql, 'Team', [[w.dave, 'owner']]);
    await t.sql`insert into memberships (org_id, user_id, role, created_at) values
      (${team.orgId}, ${erin.id}, 'member', now() + interval '2 minutes'),
      (${team.orgId}, ${w.carol.id}, 'member', now() + interval '1 minute')`;
    const solo = await createOrg(t.sql, 'Solo', [[w.dave, 'owner']]);
    await t.sql`delete from auth.users where id = ${w.dave.id}`;
    expect(await membersOf(t, team.orgId)).toEqual([
      [w.carol.id, 'owner'],
      [erin.id, 'member'],
    ]);
    const [gone] =
      await t.sql`select count(*)::int as n from organizations where id = ${solo.orgId}`;
    expect(gone?.n).toBe(0);
  });

  test('an org with another owner is left as it is', async ({ t, w }) => {
    await t.sql`update memberships set role = 'owner' where org_id = ${w.orgId} and user_id = ${w.carol.id}`;
    await t.sql`delete from auth.users where id = ${w.alice.id}`;
    expect(await membersOf(t, w.orgId)).toEqual([
      [w.carol.id, 'owner'],
      [w.bob.id, 'admin'],
    ]);
  });
});
