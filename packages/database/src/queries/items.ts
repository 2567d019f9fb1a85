import { and, desc, eq, ilike, isNull, lte, sql } from 'drizzle-orm';
import type { Tx } from '../client';
import { items } from '../schema';
import { ITEM_LIST_ORDER, type ItemListScope } from './item-listing';
import { type Cursor, type Page, toPage } from './pagination';

export type Item = typeof items.$inferSelect;

const itemColumns = {
  id: items.id,
  ownerId: items.ownerId,
  orgId: items.orgId,
  title: items.title,
  body: items.body,
  done: items.done,
  createdAt: items.createdAt,
  updatedAt: items.updatedAt,
};

export interface ListItemsInput {
  scope: ItemListScope;
  /** Case-insensitive substring of the title. */
  search?: string;
  limit: number;
  cursor?: Cursor;
}

/**
 * The list `item-listing.ts` defines (scope, title search, order), a page at a time. The scope is
 * an explicit filter on top of RLS (Supabase's advice: the planner then uses
 * idx_items_owner_created / idx_items_org_created; RLS still decides visibility).
 */
export async function listItems(tx: Tx, input: ListItemsInput): Promise<Page<Item>> {
  const scope =
    'orgId' in input.scope
      ? eq(items.orgId, input.scope.orgId)
      : and(eq(items.ownerId, input.scope.ownerId), isNull(items.orgId));
  const rows = await tx
    .select({ ...itemColumns, sortKey: sql<string>`${items.createdAt}::text` })
    .from(items)
    .where(
      and(
        scope,
        input.search ? ilike(items.title, `%${escapeLike(input.search)}%`) : undefined,
        input.cursor
          ? and(
              lte(items.createdAt, sql`${input.cursor.createdAt}::timestamptz`),
              sql`(${items.createdAt}, ${items.id}) < (${input.cursor.createdAt}::timestamptz, ${input.cursor.id}::uuid)`,
            )
          : undefined,
      ),
    )
    .orderBy(...ITEM_LIST_ORDER.map(({ column }) => desc(items[column])))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}

export async function getItem(tx: Tx, id: string): Promise<Item | undefined> {
  const [row] = await tx.select(itemColumns).from(items).where(eq(items.id, id));
  return row;
}

export interface CreateItemInput {
  title: string;
  body?: string;
  done?: boolean;
  orgId?: string | null;
}

/** owner_id is never passed: the column defaults to auth.uid() and the policy insists on it. */
export async function createItem(tx: Tx, input: CreateItemInput): Promise<Item> {
  const [row] = await tx
    .insert(items)
    .values({ title: input.title, body: input.body, done: input.done, orgId: input.orgId ?? null })
    .returning(itemColumns);
  return row!;
}

export type UpdateItemInput = Partial<Pick<Item, 'title' | 'body' | 'done' | 'orgId'>>;

/** Undefined when the item does not exist or RLS does not let the caller change it. */
export async function updateItem(
  tx: Tx,
  id: string,
  input: UpdateItemInput,
): Promise<Item | undefined> {
  const [row] = await tx.update(items).set(input).where(eq(items.id, id)).returning(itemColumns);
  return row;
}

/** False when the item does not exist or RLS does not let the caller delete it. */
export async function deleteItem(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.delete(items).where(eq(items.id, id)).returning({ id: items.id });
  return rows.length > 0;
}

/** `%`, `_` and `\` in user input match themselves, not LIKE wildcards. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
