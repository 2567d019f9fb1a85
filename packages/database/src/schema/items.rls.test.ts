import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Tx } from '../client';
import {
  createItem,
  deleteItem,
  getItem,
  listItems,
  removeMember,
  updateItem,
  updateMemberRole,
} from '../queries';
import { createOrg, expectSqlState, type TestDatabase, type TestUser } from '../testing';
import { rlsTest as test } from '../testing/fixtures';
import { items } from './items';

// Each cell of the items row of the access table (docs/ARCHITECTURE.md), as the API runs it:
// db.rls() sets the same claims and role, then the query functions run under RLS.
const PERMISSION_DENIED = '42501';

describe('select', () => {
  test('the owner sees a personal item; nobody else does', async ({ t, w }) => {
    expect(
      await t.db.rls(w.alice.claims, (tx) => getItem(tx, w.alicePersonalItemId)),
    ).toMatchObject({
      title: 'alice personal',
    });
    for (const user of [w.bob, w.carol, w.dave]) {
      expect(
        await t.db.rls(user.claims, (tx) => getItem(tx, w.alicePersonalItemId)),
      ).toBeUndefined();
    }
  });

  test('every member of the org sees an org item, whatever their role; outsiders do not', async ({
    t,
    w,
  }) => {
    for (const member of [w.alice, w.bob, w.carol]) {
      const item = await t.db.rls(member.claims, (tx) => getItem(tx, w.carolOrgItemId));
      expect(item?.title).toBe('carol in acme');
    }
    expect(await t.db.rls(w.dave.claims, (tx) => getItem(tx, w.carolOrgItemId))).toBeUndefined();
  });

  test('an unfiltered select returns exactly the caller’s own and org items', async ({ t, w }) => {
    const visible = await t.db.rls(w.alice.claims, (tx) => tx.select({ id: items.id }).from(items));
    expect(visible.map((row) => row.id).sort()).toEqual(
      [w.alicePersonalItemId, w.carolOrgItemId].sort(),
    );
  });

  test('listing another user’s personal scope through RLS returns nothing', async ({ t, w }) => {
    const page = await t.db.rls(w.dave.claims, (tx) =>
      listItems(tx, { scope: { ownerId: w.alice.id }, limit: 10 }),
    );
    expect(page.items).toEqual([]);
  });

  test('anon may not read items at all', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => getItem(tx, w.alicePersonalItemId)),
      PERMISSION_DENIED,
    );
  });
});

describe('insert', () => {
  test('owner_id defaults to the caller', async ({ t, w }) => {
    const item = await t.db.rls(w.dave.claims, (tx) => createItem(tx, { title: 'mine' }));
    expect(item.ownerId).toBe(w.dave.id);
  });

  test('nobody can insert an item owned by someone else', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) =>
        tx.insert(items).values({ ownerId: w.alice.id, title: 'spoofed' }),
      ),
      PERMISSION_DENIED,
    );
  });

  test('members may add items to their org; outsiders may not', async ({ t, w }) => {
    const item = await t.db.rls(w.carol.claims, (tx) =>
      createItem(tx, { title: 'for the team', orgId: w.orgId }),
    );
    expect(item.orgId).toBe(w.orgId);
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) => createItem(tx, { title: 'intrusion', orgId: w.orgId })),
      PERMISSION_DENIED,
    );
  });

  test('anon may not insert', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => createItem(tx, { title: 'x' })),
      PERMISSION_DENIED,
    );
  });
});

describe('update', () => {
  test('the owner may edit a personal item; others change nothing', async ({ t, w }) => {
    const edited = await t.db.rls(w.alice.claims, (tx) =>
      updateItem(tx, w.alicePersonalItemId, { done: true }),
    );
    expect(edited?.done).toBe(true);
    for (const user of [w.bob, w.carol, w.dave]) {
      const result = await t.db.rls(user.claims, (tx) =>
        updateItem(tx, w.alicePersonalItemId, { title: 'hijacked' }),
      );
      expect(result).toBeUndefined();
    }
    const [row] = await t.sql`select title from items where id = ${w.alicePersonalItemId}`;
    expect(row?.title).toBe('alice personal');
  });

  test('org admins and owners may edit members’ org items; plain members only their own', async ({
    t,
    w,
  }) => {
    for (const admin of [w.alice, w.bob]) {
      const edited = await t.db.rls(admin.claims, (tx) =>
        updateItem(tx, w.carolOrgItemId, { title: `edited by ${admin.email}` }),
      );
      expect(edited?.title).toBe(`edited by ${admin.email}`);
    }
    const bobsItem = await t.db.rls(w.bob.claims, (tx) =>
      createItem(tx, { title: 'bob in acme', orgId: w.orgId }),
    );
    expect(
      await t.db.rls(w.carol.claims, (tx) => updateItem(tx, bobsItem.id, { done: true })),
    ).toBeUndefined();
    expect(
      await t.db.rls(w.carol.claims, (tx) => updateItem(tx, w.carolOrgItemId, { done: true })),
    ).toMatchObject({ done: true });
  });

  test('owner_id cannot be changed by anyone, even to oneself', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.bob.claims, (tx) =>
        tx.update(items).set({ ownerId: w.bob.id }).where(eq(items.id, w.carolOrgItemId)),
      ),
      PERMISSION_DENIED,
    );
  });

  test('an item cannot be moved into an org the caller does not belong to', async ({ t, w }) => {
    const [otherOrg] = await t.sql<{ id: string }[]>`
      insert into organizations (name, slug) values ('Other', ${`other-${w.dave.id.slice(0, 8)}`}) returning id`;
    await expectSqlState(
      t.db.rls(w.alice.claims, (tx) =>
        updateItem(tx, w.alicePersonalItemId, { orgId: otherOrg!.id }),
      ),
      PERMISSION_DENIED,
    );
  });

  test('updated_at is kept by the database', async ({ t, w }) => {
    const before = await t.db.rls(w.alice.claims, (tx) => getItem(tx, w.alicePersonalItemId));
    const after = await t.db.rls(w.alice.claims, (tx) =>
      updateItem(tx, w.alicePersonalItemId, { title: 'renamed' }),
    );
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    expect(after!.createdAt).toEqual(before!.createdAt);
  });

  test('anon may not update', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => updateItem(tx, w.alicePersonalItemId, { done: true })),
      PERMISSION_DENIED,
    );
  });
});

describe('delete', () => {
  test('owner deletes a personal item; others delete nothing', async ({ t, w }) => {
    for (const user of [w.bob, w.carol, w.dave]) {
      expect(await t.db.rls(user.claims, (tx) => deleteItem(tx, w.alicePersonalItemId))).toBe(
        false,
      );
    }
    expect(await t.db.rls(w.alice.claims, (tx) => deleteItem(tx, w.alicePersonalItemId))).toBe(
      true,
    );
  });

  test('org admins delete org items; members only their own; outsiders nothing', async ({
    t,
    w,
  }) => {
    const bobsItem = await t.db.rls(w.bob.claims, (tx) =>
      createItem(tx, { title: 'bob in acme', orgId: w.orgId }),
    );
    expect(await t.db.rls(w.carol.claims, (tx) => deleteItem(tx, bobsItem.id))).toBe(false);
    expect(await t.db.rls(w.dave.claims, (tx) => deleteItem(tx, w.carolOrgItemId))).toBe(false);
    expect(await t.db.rls(w.bob.claims, (tx) => deleteItem(tx, w.carolOrgItemId))).toBe(true);
    expect(await t.db.rls(w.alice.claims, (tx) => deleteItem(tx, bobsItem.id))).toBe(true);
  });

  test('anon may not delete', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => deleteItem(tx, w.davePersonalItemId)),
      PERMISSION_DENIED,
    );
  });

  test('TRUNCATE is not granted (it would bypass RLS)', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) => tx.execute(sql`truncate items`)),
      PERMISSION_DENIED,
    );
  });
});

// Tenancy follows membership: the rows of the matrix where a role changes after the item exists.

/** Every operation the API offers on an org item, as `user`: none may see or change it. */
async function expectLockedOut(t: TestDatabase, user: TestUser, orgId: string, itemId: string) {
  const as = <T>(fn: (tx: Tx) => Promise<T>) => t.db.rls(user.claims, fn);
  const [before] = await t.sql`select * from items where id = ${itemId}`;
  const page = await as((tx) => listItems(tx, { scope: { orgId }, limit: 50 }));
  expect(page.items).toEqual([]);
  expect(await as((tx) => getItem(tx, itemId))).toBeUndefined();
  expect(await as((tx) => updateItem(tx, itemId, { title: 'kept it' }))).toBeUndefined();
  expect(await as((tx) => updateItem(tx, itemId, { orgId: null }))).toBeUndefined();
  const { orgId: theirOwn } = await createOrg(t.sql, 'Refuge', [[user, 'owner']]);
  expect(await as((tx) => updateItem(tx, itemId, { orgId: theirOwn }))).toBeUndefined();
  expect(await as((tx) => deleteItem(tx, itemId))).toBe(false);
  await expectSqlState(
    as((tx) => createItem(tx, { title: 'back in', orgId })),
    PERMISSION_DENIED,
  );
  const unfiltered = await as((tx) => tx.select({ id: items.id }).from(items));
  expect(unfiltered.map((row) => row.id)).not.toContain(itemId);
  const [after] = await t.sql`select * from items where id = ${itemId}`;
  expect(after).toEqual(before);
}

describe('after removal', () => {
  test('a removed author loses their org item: no list, get, edit, move or delete', async ({
    t,
    w,
  }) => {
    expect(await t.db.rls(w.alice.claims, (tx) => removeMember(tx, w.orgId, w.carol.id))).toBe(
      true,
    );
    await t.db.rls(w.alice.claims, (tx) =>
      updateItem(tx, w.carolOrgItemId, { body: 'edited by the owner after carol left' }),
    );
    await expectLockedOut(t, w.carol, w.orgId, w.carolOrgItemId);
  });

  test('the org keeps the item: its admins still edit it, its members still see it', async ({
    t,
    w,
  }) => {
    await t.db.rls(w.alice.claims, (tx) => removeMember(tx, w.orgId, w.carol.id));
    const edited = await t.db.rls(w.bob.claims, (tx) =>
      updateItem(tx, w.carolOrgItemId, { done: true }),
    );
    expect(edited).toMatchObject({ ownerId: w.carol.id, orgId: w.orgId, done: true });
    expect(await t.db.rls(w.alice.claims, (tx) => getItem(tx, w.carolOrgItemId))).toBeDefined();
  });

  test('a removed admin loses the rights the role gave', async ({ t, w }) => {
    await t.db.rls(w.alice.claims, (tx) => removeMember(tx, w.orgId, w.bob.id));
    await expectLockedOut(t, w.bob, w.orgId, w.carolOrgItemId);
  });
});

describe('after leaving', () => {
  test('an author who left loses their org item, items of others too', async ({ t, w }) => {
    const bobsItem = await t.db.rls(w.bob.claims, (tx) =>
      createItem(tx, { title: 'bob in acme', orgId: w.orgId }),
    );
    expect(await t.db.rls(w.carol.claims, (tx) => removeMember(tx, w.orgId, w.carol.id))).toBe(
      true,
    );
    await expectLockedOut(t, w.carol, w.orgId, w.carolOrgItemId);
    await expectLockedOut(t, w.carol, w.orgId, bobsItem.id);
  });

  test('rejoining gives the access back, with the role of the new membership', async ({ t, w }) => {
    await t.db.rls(w.carol.claims, (tx) => removeMember(tx, w.orgId, w.carol.id));
    await t.sql`insert into memberships (org_id, user_id, role) values (${w.orgId}, ${w.carol.id}, 'member')`;
    expect(
      await t.db.rls(w.carol.claims, (tx) => updateItem(tx, w.carolOrgItemId, { done: true })),
    ).toMatchObject({ done: true });
  });
});

describe('after demotion', () => {
  test('an admin made member still sees the org’s items but no longer edits others’', async ({
    t,
    w,
  }) => {
    expect(
      await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.bob.id, 'member')),
    ).toBe('member');
    const as = <T>(fn: (tx: Tx) => Promise<T>) => t.db.rls(w.bob.claims, fn);
    const page = await as((tx) => listItems(tx, { scope: { orgId: w.orgId }, limit: 50 }));
    expect(page.items.map((item) => item.id)).toEqual([w.carolOrgItemId]);
    expect(await as((tx) => getItem(tx, w.carolOrgItemId))).toBeDefined();
    expect(await as((tx) => updateItem(tx, w.carolOrgItemId, { title: 'x' }))).toBeUndefined();
    expect(await as((tx) => updateItem(tx, w.carolOrgItemId, { orgId: null }))).toBeUndefined();
    expect(await as((tx) => deleteItem(tx, w.carolOrgItemId))).toBe(false);
    const [row] = await t.sql`select title, org_id from items where id = ${w.carolOrgItemId}`;
    expect(row).toEqual({ title: 'carol in acme', org_id: w.orgId });
  });

  test('a demoted admin still edits and deletes their own org items', async ({ t, w }) => {
    const bobsItem = await t.db.rls(w.bob.claims, (tx) =>
      createItem(tx, { title: 'bob in acme', orgId: w.orgId }),
    );
    await t.db.rls(w.alice.claims, (tx) => updateMemberRole(tx, w.orgId, w.bob.id, 'member'));
    expect(
      await t.db.rls(w.bob.claims, (tx) => updateItem(tx, bobsItem.id, { done: true })),
    ).toMatchObject({ done: true });
    expect(await t.db.rls(w.bob.claims, (tx) => deleteItem(tx, bobsItem.id))).toBe(true);
  });
});

describe('moving between orgs and out of them', () => {
  test('an author who is a member moves their item to another org of theirs, or to personal', async ({
    t,
    w,
  }) => {
    const { orgId: other } = await createOrg(t.sql, 'Other', [
      [w.dave, 'owner'],
      [w.carol, 'member'],
    ]);
    const moved = await t.db.rls(w.carol.claims, (tx) =>
      updateItem(tx, w.carolOrgItemId, { orgId: other }),
    );
    expect(moved?.orgId).toBe(other);
    const personal = await t.db.rls(w.carol.claims, (tx) =>
      updateItem(tx, w.carolOrgItemId, { orgId: null }),
    );
    expect(personal).toMatchObject({ orgId: null, ownerId: w.carol.id });
  });

  test('an admin may not move someone else’s org item into a personal list', async ({ t, w }) => {
    for (const admin of [w.alice, w.bob]) {
      await expectSqlState(
        t.db.rls(admin.claims, (tx) => updateItem(tx, w.carolOrgItemId, { orgId: null })),
        PERMISSION_DENIED,
      );
    }
    const [row] = await t.sql`select org_id from items where id = ${w.carolOrgItemId}`;
    expect(row?.org_id).toBe(w.orgId);
  });

  test('a plain member may not move someone else’s org item anywhere', async ({ t, w }) => {
    const bobsItem = await t.db.rls(w.bob.claims, (tx) =>
      createItem(tx, { title: 'bob in acme', orgId: w.orgId }),
    );
    const { orgId: carols } = await createOrg(t.sql, 'Carols', [[w.carol, 'owner']]);
    for (const orgId of [null, carols]) {
      expect(
        await t.db.rls(w.carol.claims, (tx) => updateItem(tx, bobsItem.id, { orgId })),
      ).toBeUndefined();
    }
  });
});

describe('admin of two orgs', () => {
  test('rights in one org do not leak into the other', async ({ t, w }) => {
    // bob: admin of acme, plain member of globex (owned by dave).
    const globex = await createOrg(t.sql, 'Globex', [
      [w.dave, 'owner'],
      [w.bob, 'member'],
    ]);
    const as = <T>(fn: (tx: Tx) => Promise<T>) => t.db.rls(w.bob.claims, fn);
    expect(await as((tx) => updateItem(tx, w.carolOrgItemId, { done: true }))).toBeDefined();
    expect(await as((tx) => getItem(tx, globex.itemId))).toBeDefined();
    expect(await as((tx) => updateItem(tx, globex.itemId, { title: 'x' }))).toBeUndefined();
    expect(await as((tx) => deleteItem(tx, globex.itemId))).toBe(false);
    // Pulling globex's item into acme needs rights in globex, which bob's acme role does not give.
    expect(await as((tx) => updateItem(tx, globex.itemId, { orgId: w.orgId }))).toBeUndefined();
    const listed = await as((tx) => listItems(tx, { scope: { orgId: globex.orgId }, limit: 50 }));
    expect(listed.items.map((item) => item.id)).toEqual([globex.itemId]);
  });

  test('an admin of both moves items between them; an admin of one cannot push into the other', async ({
    t,
    w,
  }) => {
    const globex = await createOrg(t.sql, 'Globex', [
      [w.dave, 'owner'],
      [w.bob, 'admin'],
    ]);
    const into = await t.db.rls(w.bob.claims, (tx) =>
      updateItem(tx, w.carolOrgItemId, { orgId: globex.orgId }),
    );
    expect(into).toMatchObject({ orgId: globex.orgId, ownerId: w.carol.id });
    // carol is not in globex: the item went with the org it now belongs to.
    expect(await t.db.rls(w.carol.claims, (tx) => getItem(tx, w.carolOrgItemId))).toBeUndefined();
    const back = await t.db.rls(w.bob.claims, (tx) =>
      updateItem(tx, globex.itemId, { orgId: w.orgId }),
    );
    expect(back?.orgId).toBe(w.orgId);

    // alice owns acme but is not in globex: she may not push acme's items there...
    const alices = await t.db.rls(w.alice.claims, (tx) =>
      createItem(tx, { title: 'alice in acme', orgId: w.orgId }),
    );
    await expectSqlState(
      t.db.rls(w.alice.claims, (tx) => updateItem(tx, alices.id, { orgId: globex.orgId })),
      PERMISSION_DENIED,
    );
    // ...nor see or pull globex's items, even the one that came from acme.
    expect(
      await t.db.rls(w.alice.claims, (tx) => updateItem(tx, w.carolOrgItemId, { orgId: w.orgId })),
    ).toBeUndefined();
    const [row] = await t.sql`select org_id from items where id = ${w.carolOrgItemId}`;
    expect(row?.org_id).toBe(globex.orgId);
  });
});
