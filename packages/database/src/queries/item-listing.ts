/**
 * What the item list shows and in what order: the one definition behind the API's `listItems`
 * query and the web board that places live changes into a list it already loaded. Pure (no
 * driver, no Node.js), so the browser bundle can carry it; `item-listing.test.ts` proves the SQL
 * and these functions agree on real rows.
 */

/** An org's items, or one user's personal (org-less) items. */
export type ItemListScope = { orgId: string } | { ownerId: string };

/** The fields the rules read, whether the item is a row (Date) or JSON from the API (string). */
export interface ListedItem {
  id: string;
  ownerId: string;
  orgId: string | null;
  title: string;
  createdAt: string | Date;
}

/**
 * Newest first: created_at descending, then id descending. Each entry names the column the SQL
 * orders by and how JavaScript reads it (the API sends times as ISO strings, to the millisecond).
 */
export const ITEM_LIST_ORDER = [
  { column: 'createdAt', value: (item: ListedItem) => new Date(item.createdAt).getTime() },
  // Lower-case UUID text sorts as PostgreSQL sorts uuid values (byte by byte).
  { column: 'id', value: (item: ListedItem) => item.id },
] as const;

/** Whether `item` is in the list of `scope`, filtered by a case-insensitive title `search`. */
export function inItemList(item: ListedItem, scope: ItemListScope, search?: string): boolean {
  const inScope =
    'orgId' in scope
      ? item.orgId === scope.orgId
      : item.orgId === null && item.ownerId === scope.ownerId;
  return inScope && (!search || item.title.toLowerCase().includes(search.toLowerCase()));
}

/** Array.sort comparator for the list's order: negative when a is listed before b. */
export function compareListedItems(a: ListedItem, b: ListedItem): number {
  for (const { value } of ITEM_LIST_ORDER) {
    const left = value(a);
    const right = value(b);
    if (left !== right) return left < right ? 1 : -1;
  }
  return 0;
}
