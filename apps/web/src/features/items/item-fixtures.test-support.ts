import type { Item } from './types';

/** Users and items the items unit tests share. */
export const ME = '00000000-0000-4000-8000-000000000001';
export const OTHER = '00000000-0000-4000-8000-000000000002';

/** An item created at minute `minute` of a fixed hour, last updated `version` seconds later. */
export function item(id: string, minute: number, fields: Partial<Item> = {}, version = 0): Item {
  const createdAt = new Date(Date.UTC(2026, 10, 27, 12, minute)).toISOString();
  return {
    id,
    ownerId: ME,
    orgId: null,
    title: `item ${id}`,
    body: '',
    done: false,
    createdAt,
    updatedAt: new Date(Date.parse(createdAt) + version * 1000).toISOString(),
    ...fields,
  };
}
