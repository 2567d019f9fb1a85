import { describe, expect } from 'vitest';
import {
  createOrganization,
  deleteOrganization,
  getMyOrganization,
  listMyOrganizations,
  updateOrganization,
} from '../queries';
import { expectSqlState } from '../testing';
import { rlsTest as test } from '../testing/fixtures';
import { organizations } from './organizations';

const PERMISSION_DENIED = '42501';

describe('select', () => {
  test('members see the org with their own role; outsiders do not', async ({ t, w }) => {
    for (const [user, role] of [
      [w.alice, 'owner'],
      [w.bob, 'admin'],
      [w.carol, 'member'],
    ] as const) {
      const org = await t.db.rls(user.claims, (tx) => getMyOrganization(tx, user.id, w.orgId));
      expect(org).toMatchObject({ id: w.orgId, name: 'Acme', role });
    }
    expect(await t.db.rls(w.dave.claims, (tx) => listMyOrganizations(tx, w.dave.id))).toEqual([]);
    expect(await t.db.rls(w.dave.claims, (tx) => tx.select().from(organizations))).toEqual([]);
  });

  test('anon may not read organizations', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => tx.select().from(organizations)),
      PERMISSION_DENIED,
    );
  });
});

describe('insert', () => {
  test('any signed-in user creates an org and becomes its owner in the same transaction', async ({
    t,
    w,
  }) => {
    const org = await t.db.rls(w.dave.claims, (tx) =>
      createOrganization(tx, w.dave.id, { name: 'Dave Co', slug: `dave-${w.dave.id.slice(0, 8)}` }),
    );
    expect(org).toMatchObject({ name: 'Dave Co', role: 'owner' });
    const [membership] = await t.sql`
      select role from memberships where org_id = ${org.id} and user_id = ${w.dave.id}`;
    expect(membership?.role).toBe('owner');
  });

  test('a failed creation leaves neither org nor membership behind', async ({ t, w }) => {
    const slug = `dup-${w.dave.id.slice(0, 8)}`;
    await t.db.rls(w.dave.claims, (tx) => createOrganization(tx, w.dave.id, { name: 'A', slug }));
    await expectSqlState(
      t.db.rls(w.carol.claims, (tx) => createOrganization(tx, w.carol.id, { name: 'B', slug })),
      '23505',
    );
    const [count] = await t.sql`
      select count(*)::int as n from memberships m join organizations o on o.id = m.org_id
      where m.user_id = ${w.carol.id} and o.name = 'B'`;
    expect(count?.n).toBe(0);
  });

  test('anon may not create an org', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => tx.insert(organizations).values({ name: 'x', slug: 'anon-org' })),
      PERMISSION_DENIED,
    );
  });
});

describe('update', () => {
  test('owners and admins rename; members and outsiders change nothing', async ({ t, w }) => {
    for (const admin of [w.alice, w.bob]) {
      const org = await t.db.rls(admin.claims, (tx) =>
        updateOrganization(tx, w.orgId, { name: `Acme by ${admin.email}` }),
      );
      expect(org?.name).toBe(`Acme by ${admin.email}`);
    }
    for (const user of [w.carol, w.dave]) {
      expect(
        await t.db.rls(user.claims, (tx) => updateOrganization(tx, w.orgId, { name: 'Taken' })),
      ).toBeUndefined();
    }
  });
});

describe('delete', () => {
  test('only owners delete an org', async ({ t, w }) => {
    for (const user of [w.bob, w.carol, w.dave]) {
      expect(await t.db.rls(user.claims, (tx) => deleteOrganization(tx, w.orgId))).toBe(false);
    }
    expect(await t.db.rls(w.alice.claims, (tx) => deleteOrganization(tx, w.orgId))).toBe(true);
    const [items] = await t.sql`select count(*)::int as n from items where org_id = ${w.orgId}`;
    expect(items?.n).toBe(0);
  });
});
