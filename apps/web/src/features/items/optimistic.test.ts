import { describe, expect, it } from 'vitest';
import { item, ME, OTHER } from './item-fixtures.test-support';
import { type ItemsEvent, type ItemsState, itemsReducer } from './items-state';
import { applyOptimistic, type OptimisticChange, PENDING_ID_PREFIX } from './optimistic';
import type { Item, ItemView } from './types';

const view: ItemView = { scope: { kind: 'personal', userId: ME }, q: undefined };
const reduce = itemsReducer(view);

/**
 * What the board shows, as React's useOptimistic computes it: the confirmed list with every
 * still-pending change applied on top. A settled change leaves `pending`; if the server refused
 * it, nothing was dispatched to the confirmed list, so it is simply gone: the rollback.
 */
const shown = (confirmed: ItemsState, pending: OptimisticChange[]) =>
  pending.reduce(applyOptimistic, confirmed.items);
const ids = (items: Item[]) => items.map((current) => current.id);

const confirmed: ItemsState = { items: [item('b', 2), item('a', 1)], nextCursor: null };

function pendingCreate(title: string, state: ItemsState): OptimisticChange {
  return {
    type: 'create',
    item: item(`${PENDING_ID_PREFIX}1`, 9, { title }),
    knownIds: new Set(state.items.map((current) => current.id)),
  };
}

describe('applyOptimistic', () => {
  it('shows a created item first, under a pending id', () => {
    expect(ids(shown(confirmed, [pendingCreate('new', confirmed)]))).toEqual([
      `${PENDING_ID_PREFIX}1`,
      'b',
      'a',
    ]);
  });

  it('shows the saved item only, when realtime delivers it before the action returns', () => {
    const change = pendingCreate('new', confirmed);
    const saved = item('c', 3, { title: 'new' });
    const afterRealtime = reduce(confirmed, { type: 'upsert', item: saved });
    expect(ids(shown(afterRealtime, [change]))).toEqual(['c', 'b', 'a']);
  });

  it('still shows the pending item when another user adds one with the same title', () => {
    const change = pendingCreate('same', confirmed);
    const theirs = item('c', 3, { title: 'same', ownerId: OTHER });
    const state: ItemsState = { ...confirmed, items: [theirs, ...confirmed.items] };
    expect(ids(shown(state, [change]))).toContain(`${PENDING_ID_PREFIX}1`);
  });

  it('does not mistake an item that was already listed for the one being created', () => {
    const state: ItemsState = {
      ...confirmed,
      items: [item('c', 3, { title: 'twice' }), ...confirmed.items],
    };
    expect(ids(shown(state, [pendingCreate('twice', state)]))).toEqual([
      `${PENDING_ID_PREFIX}1`,
      'c',
      'b',
      'a',
    ]);
  });

  it('patches an update and removes a delete, by id only', () => {
    const view = shown(confirmed, [
      { type: 'update', id: 'a', patch: { done: true, title: 'renamed' } },
      { type: 'delete', id: 'b' },
      { type: 'update', id: 'missing', patch: { done: true } },
    ]);
    expect(view).toEqual([{ ...item('a', 1), done: true, title: 'renamed' }]);
  });

  it('rolls back: when a refused change settles, the confirmed list shows unchanged', () => {
    const pending: OptimisticChange[] = [
      { type: 'update', id: 'a', patch: { done: true } },
      { type: 'delete', id: 'b' },
    ];
    const before = structuredClone(confirmed);
    expect(ids(shown(confirmed, pending))).toEqual(['a']);
    // The API refused both: nothing is dispatched, the changes leave the pending list.
    expect(shown(confirmed, [])).toEqual(before.items);
    expect(confirmed).toEqual(before);
  });

  it('keeps a pending change on top of what arrives meanwhile, and yields to the server after', () => {
    const change: OptimisticChange = { type: 'update', id: 'a', patch: { title: 'mine' } };
    // Someone else's edit arrives over realtime while ours is pending.
    const events: ItemsEvent[] = [
      {
        type: 'upsert',
        item: { ...item('a', 1, { done: true }), updatedAt: '2026-11-27T13:00:00.000Z' },
      },
    ];
    const meanwhile = events.reduce(reduce, confirmed);
    expect(shown(meanwhile, [change]).find((current) => current.id === 'a')).toMatchObject({
      title: 'mine',
      done: true,
    });
    // Our action returns the saved row: confirmed, and the optimistic layer is no longer needed.
    const saved = {
      ...item('a', 1, { title: 'mine', done: true }),
      updatedAt: '2026-11-27T13:00:05.000Z',
    };
    const after = reduce(meanwhile, { type: 'upsert', item: saved });
    expect(shown(after, []).find((current) => current.id === 'a')).toEqual(saved);
  });
});
