import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createOrg,
  createTestDatabase,
  createTestUser,
  type TestDatabase,
  type TestUser,
} from '../testing';
import {
  compareListedItems,
  type ItemListScope,
  inItemList,
  type ListedItem,
} from './item-listing';
import { listItems } from './items';

// The web board places live changes with inItemList and compareListedItems instead of asking the
// API again; these tests hold them to what listItems answers on the same rows.
let t: TestDatabase;
let alice: TestUser;
let bob: TestUser;
let orgId: string;
let otherOrgId: string;
let rows: ListedItem[];

beforeAll(async () => {
  t = await createTestDatabase();
  alice = await createTestUser(t.sql, 'alice');
  bob = await createTestUser(t.sql, 'bob');
  ({ orgId } = await createOrg(t.sql, 'Shared', [
    [alice, 'owner'],
    [bob, 'member'],
  ]));
  ({ orgId: otherOrgId } = await createOrg(t.sql, 'Elsewhere', [[alice, 'owner']]));
  // Personal and org items of both users, with mixed-case titles and millisecond times that tie
  // (the API sends times to the millisecond; ties go to the id).
  await t.sql`
    insert into items (owner_id, org_id, title, created_at)
    select case when n % 3 = 0 then ${bob.id}::uuid else ${alice.id}::uuid end,
           case n % 4 when 0 then null when 1 then ${orgId}::uuid
                      when 2 then ${otherOrgId}::uuid else null end,
           (array['Buy MILK', 'milk shake', 'Ünïcode Milk', 'bread', 'Milky way'])[1 + n % 5]
             || ' #' || n,
           timestamptz '2026-03-01 12:00:00.000+00' + (n / 3) * interval '1 millisecond'
    from generate_series(1, 60) n`;
  rows = await t.sql<ListedItem[]>`
    select id, owner_id as "ownerId", org_id as "orgId", title, created_at as "createdAt"
    from items`;
});
afterAll(() => t.drop());

/** Every page of a list as the API reads it, as one array of ids. */
async function listedIds(user: TestUser, scope: ItemListScope, search?: string) {
  const ids: string[] = [];
  let cursor: { createdAt: string; id: string } | undefined;
  for (;;) {
    const page = await t.db.rls(user.claims, (tx) =>
      listItems(tx, { scope, search, limit: 7, cursor }),
    );
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return ids;
    const [createdAt, id] = JSON.parse(Buffer.from(page.nextCursor, 'base64url').toString());
    cursor = { createdAt, id };
  }
}

const expectedIds = (scope: ItemListScope, search?: string) =>
  rows
    .filter((item) => inItemList(item, scope, search))
    .sort(compareListedItems)
    .map((item) => item.id);

describe('the list rules in JavaScript match the SQL that lists items', () => {
  for (const search of [undefined, 'milk', 'MILK', 'ünï', '#1']) {
    test(`search ${JSON.stringify(search)}: an org, personal items, another user`, async () => {
      for (const [user, scope] of [
        [alice, { orgId }],
        [bob, { orgId }],
        [alice, { orgId: otherOrgId }],
        [alice, { ownerId: alice.id }],
        [bob, { ownerId: bob.id }],
      ] as const) {
        const expected = expectedIds(scope, search);
        expect(expected.length).toBeGreaterThan(0);
        expect(await listedIds(user, scope, search)).toEqual(expected);
      }
    });
  }

  test('times arriving as JSON strings sort like the rows they came from', () => {
    const asJson = rows.map((item) => ({
      ...item,
      createdAt: new Date(item.createdAt).toISOString(),
    }));
    expect(asJson.sort(compareListedItems).map((item) => item.id)).toEqual(
      [...rows].sort(compareListedItems).map((item) => item.id),
    );
  });
});
