import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { createItem, deleteItem, getItem, listItems, updateItem } from '../queries';
import { expectSqlState } from '../testing';
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
