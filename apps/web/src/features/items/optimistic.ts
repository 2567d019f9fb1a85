import type { Item } from './types';

/** A change shown before the server confirms it; React drops it when the action settles. */
export type OptimisticChange =
  | { type: 'create'; item: Item; knownIds: ReadonlySet<string> }
  | { type: 'update'; id: string; patch: Partial<Pick<Item, 'title' | 'done'>> }
  | { type: 'delete'; id: string };

export const PENDING_ID_PREFIX = 'pending-';

export function applyOptimistic(items: Item[], change: OptimisticChange): Item[] {
  switch (change.type) {
    case 'create': {
      // Realtime may deliver the saved item before the action returns: then show that one only.
      const arrived = items.some(
        (item) =>
          !change.knownIds.has(item.id) &&
          item.title === change.item.title &&
          item.ownerId === change.item.ownerId,
      );
      return arrived ? items : [change.item, ...items];
    }
    case 'update':
      return items.map((item) => (item.id === change.id ? { ...item, ...change.patch } : item));
    case 'delete':
      return items.filter((item) => item.id !== change.id);
  }
}
