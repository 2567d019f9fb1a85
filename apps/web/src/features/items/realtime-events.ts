import type { ItemRow } from '@repo/api/client';
import type { RealtimePostgresChangesPayload } from '@supabase/realtime-js';
import type { ItemsEvent } from './items-state';
import type { Item } from './types';

/** A `public.items` row as Realtime sends it (the API's item under its column names). */
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
 * What a change means for the board: inserts and updates carry the row, a delete only its `id`
 * (Realtime sends no more of a deleted row on a table with RLS); a delete without one is ignored.
 */
export function itemsEventOf(payload: RealtimePostgresChangesPayload<ItemRow>): ItemsEvent | null {
  if (payload.eventType !== 'DELETE') return { type: 'upsert', item: toItem(payload.new) };
  return payload.old.id ? { type: 'remove', id: payload.old.id } : null;
}
