import { compareListedItems, type ItemListScope, inItemList } from '@repo/api/client';
import type { Item, ItemPage, ItemView } from './types';

/** The confirmed list (server data, realtime changes, confirmed mutations). */
export interface ItemsState {
  items: Item[];
  nextCursor: string | null;
  /**
   * Ids deleted while this board was open. Ids are never reused, so a version of one that arrives
   * late (an action's result, a page fetched before the delete) is stale and stays out.
   */
  removedIds?: ReadonlySet<string>;
}

export type ItemsEvent =
  | { type: 'upsert'; item: Item }
  | { type: 'remove'; id: string }
  | { type: 'page'; page: ItemPage }
  /** The first page again (after going live): newer versions win, pagination stays. */
  | { type: 'refresh'; page: ItemPage };

/** Whether an item belongs in this view (scope and search), by the API's own list rules. */
export function belongsTo(item: Item, view: ItemView): boolean {
  const scope: ItemListScope =
    view.scope.kind === 'org' ? { orgId: view.scope.orgId } : { ownerId: view.scope.userId };
  return inItemList(item, scope, view.q);
}

export function itemsReducer(view: ItemView) {
  return (state: ItemsState, event: ItemsEvent): ItemsState => {
    switch (event.type) {
      case 'page': {
        const known = new Set(state.items.map((item) => item.id));
        const added = event.page.items.filter(
          (item) => !known.has(item.id) && !state.removedIds?.has(item.id),
        );
        return { items: [...state.items, ...added], nextCursor: event.page.nextCursor };
      }
      case 'refresh':
        return {
          ...state,
          items: event.page.items.reduce(
            (items, item) => upsert({ ...state, items }, item, view),
            state.items,
          ),
        };
      case 'remove':
        return {
          ...state,
          items: state.items.filter((item) => item.id !== event.id),
          removedIds: new Set(state.removedIds).add(event.id),
        };
      case 'upsert':
        return { ...state, items: upsert(state, event.item, view) };
    }
  };
}

function upsert(state: ItemsState, item: Item, view: ItemView): Item[] {
  if (state.removedIds?.has(item.id)) return state.items;
  const existing = state.items.find((current) => current.id === item.id);
  // Realtime and action results can arrive out of order: keep the newer version.
  if (existing && Date.parse(existing.updatedAt) > Date.parse(item.updatedAt)) return state.items;
  const others = state.items.filter((current) => current.id !== item.id);
  if (!belongsTo(item, view)) return others;
  // Older than the last loaded row while more pages exist: it will come with "load more".
  const last = state.items.at(-1);
  if (!existing && state.nextCursor && last && compareListedItems(item, last) > 0) return others;
  return [...others, item].sort(compareListedItems);
}
