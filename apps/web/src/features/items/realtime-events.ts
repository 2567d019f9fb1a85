import type { ItemRow } from '@repo/api/client';
import type { ItemsEvent } from './items-state';
import type { Item } from './types';

/** A `public.items` row as the database broadcasts it (the API's item under its column names). */
export type { ItemRow };

/** The API's shape, timestamps as ISO strings like the API's, so versions compare across both. */
export const toItem = (row: ItemRow): Item => ({
  id: row.id,
  ownerId: row.owner_id,
  orgId: row.org_id,
  title: row.title,
  body: row.body,
  done: row.done,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/**
 * The payload `realtime.broadcast_changes()` sends for a change to `public.items` (the items
 * trigger, migration 0007): the row, and as the old record only its key.
 */
export interface ItemsBroadcast {
  operation?: string;
  record?: ItemRow | null;
  old_record?: { id?: string | null } | null;
}

/**
 * What a change means for the board: inserts and updates carry the row, a delete only its `id`
 * (a row leaving the topic, by deletion or a move, arrives as a DELETE); anything else is ignored.
 */
export function itemsEventOf(payload: ItemsBroadcast): ItemsEvent | null {
  if ((payload.operation === 'INSERT' || payload.operation === 'UPDATE') && payload.record) {
    return { type: 'upsert', item: toItem(payload.record) };
  }
  const id = payload.old_record?.id;
  return payload.operation === 'DELETE' && id ? { type: 'remove', id } : null;
}
