import { compareListedItems } from '@repo/api/client';
import { describe, expect, it } from 'vitest';
import { item, ME, OTHER } from './item-fixtures.test-support';
import { belongsTo, type ItemsEvent, type ItemsState, itemsReducer } from './items-state';
import type { ItemView } from './types';

const ORG = '00000000-0000-4000-8000-0000000000aa';

const personal: ItemView = { scope: { kind: 'personal', userId: ME }, q: undefined };
const orgView: ItemView = {
  scope: { kind: 'org', orgId: ORG, userId: ME, canManageAll: false },
  q: undefined,
};

const run = (view: ItemView, state: ItemsState, ...events: ItemsEvent[]) =>
  events.reduce(itemsReducer(view), state);
const ids = (state: ItemsState) => state.items.map((current) => current.id);

describe('compareListedItems (the API order the board keeps)', () => {
  it('orders newest first, then by id descending, as the API lists', () => {
    const list = [item('a', 1), item('c', 2), item('b', 2), item('d', 0)];
    expect(list.sort(compareListedItems).map((current) => current.id)).toEqual([
      'c',
      'b',
      'a',
      'd',
    ]);
  });
});

describe('belongsTo', () => {
  it('keeps personal boards to my items outside any org', () => {
    expect(belongsTo(item('a', 0), personal)).toBe(true);
    expect(belongsTo(item('a', 0, { ownerId: OTHER }), personal)).toBe(false);
    expect(belongsTo(item('a', 0, { orgId: ORG }), personal)).toBe(false);
  });

  it('keeps org boards to that org, whoever wrote the item', () => {
    expect(belongsTo(item('a', 0, { orgId: ORG, ownerId: OTHER }), orgView)).toBe(true);
    expect(belongsTo(item('a', 0), orgView)).toBe(false);
    expect(belongsTo(item('a', 0, { orgId: OTHER }), orgView)).toBe(false);
  });

  it('applies the search case-insensitively to the title', () => {
    const searching = { ...personal, q: 'MILK' };
    expect(belongsTo(item('a', 0, { title: 'Buy milk' }), searching)).toBe(true);
    expect(belongsTo(item('a', 0, { title: 'Buy bread' }), searching)).toBe(false);
  });
});

describe('itemsReducer', () => {
  const start: ItemsState = { items: [item('b', 2), item('a', 1)], nextCursor: null };

  it('inserts a new item in order', () => {
    expect(ids(run(personal, start, { type: 'upsert', item: item('c', 3) }))).toEqual([
      'c',
      'b',
      'a',
    ]);
    expect(ids(run(personal, start, { type: 'upsert', item: item('m', 1, {}, 0) }))).toEqual([
      'b',
      'm',
      'a',
    ]);
  });

  it('replaces an item by id instead of adding it twice', () => {
    const next = run(personal, start, { type: 'upsert', item: item('a', 1, { done: true }, 5) });
    expect(ids(next)).toEqual(['b', 'a']);
    expect(next.items[1]?.done).toBe(true);
  });

  it('keeps the newer version when realtime and action results arrive out of order', () => {
    const newer = item('a', 1, { title: 'second edit' }, 20);
    const older = item('a', 1, { title: 'first edit' }, 10);
    const state = run(
      personal,
      start,
      { type: 'upsert', item: newer },
      { type: 'upsert', item: older },
    );
    expect(state.items.find((current) => current.id === 'a')?.title).toBe('second edit');
  });

  it('takes a version with the same timestamp (the action result confirming realtime)', () => {
    const a = item('a', 1, { title: 'same time' }, 0);
    const state = run(personal, start, { type: 'upsert', item: a });
    expect(state.items.find((current) => current.id === 'a')?.title).toBe('same time');
  });

  it('drops an item that moved out of the view, and ignores one that never belonged', () => {
    const moved = run(personal, start, { type: 'upsert', item: item('a', 1, { orgId: ORG }, 5) });
    expect(ids(moved)).toEqual(['b']);
    const foreign = run(personal, start, {
      type: 'upsert',
      item: item('x', 9, { ownerId: OTHER }),
    });
    expect(foreign).toEqual(start);
  });

  it('drops an item whose edit no longer matches the search', () => {
    const view = { ...personal, q: 'item' };
    const renamed = run(view, start, { type: 'upsert', item: item('a', 1, { title: 'other' }, 5) });
    expect(ids(renamed)).toEqual(['b']);
  });

  it('leaves an item older than the last loaded row to "load more" while pages remain', () => {
    const paged: ItemsState = { ...start, nextCursor: 'cursor-1' };
    expect(ids(run(personal, paged, { type: 'upsert', item: item('z', 0) }))).toEqual(['b', 'a']);
    // Newer than the last row: it belongs on the loaded part of the list.
    expect(ids(run(personal, paged, { type: 'upsert', item: item('n', 5) }))).toEqual([
      'n',
      'b',
      'a',
    ]);
    // On the last page everything that belongs is shown.
    expect(ids(run(personal, start, { type: 'upsert', item: item('z', 0) }))).toEqual([
      'b',
      'a',
      'z',
    ]);
  });

  it("keeps a deleted item out when an action's result or an older page brings it back", () => {
    const deleted = run(personal, start, { type: 'remove', id: 'a' });
    expect(
      ids(run(personal, deleted, { type: 'upsert', item: item('a', 1, { done: true }, 60) })),
    ).toEqual(['b']);
    const paged = { ...deleted, nextCursor: 'c1' };
    const next = run(personal, paged, {
      type: 'page',
      page: { items: [item('a', 1), item('z', 0)], nextCursor: null },
    });
    expect(ids(next)).toEqual(['b', 'z']);
    const refreshed = run(personal, deleted, {
      type: 'refresh',
      page: { items: [item('a', 1)], nextCursor: null },
    });
    expect(ids(refreshed)).toEqual(['b']);
  });

  it('removes by id, and ignores deletes of rows it does not show', () => {
    expect(ids(run(personal, start, { type: 'remove', id: 'a' }))).toEqual(['b']);
    expect(run(personal, start, { type: 'remove', id: 'unknown' })).toMatchObject(start);
  });

  it('appends a page without duplicating rows that realtime already added', () => {
    const paged: ItemsState = { items: [item('c', 3), item('b', 2)], nextCursor: 'c1' };
    const next = run(personal, paged, {
      type: 'page',
      page: { items: [item('b', 2), item('a', 1)], nextCursor: null },
    });
    expect(ids(next)).toEqual(['c', 'b', 'a']);
    expect(next.nextCursor).toBeNull();
  });

  it('merges a refreshed first page: newer versions win, pagination stays', () => {
    const paged: ItemsState = {
      items: [item('b', 2, { title: 'local newer' }, 30), item('a', 1)],
      nextCursor: 'c1',
    };
    const next = run(personal, paged, {
      type: 'refresh',
      page: {
        items: [
          item('c', 3),
          item('b', 2, { title: 'stale' }, 10),
          item('a', 1, { done: true }, 5),
        ],
        nextCursor: 'other-cursor',
      },
    });
    expect(ids(next)).toEqual(['c', 'b', 'a']);
    expect(next.items[1]?.title).toBe('local newer');
    expect(next.items[2]?.done).toBe(true);
    expect(next.nextCursor).toBe('c1');
  });

  it('does not change the state it is given', () => {
    const frozen = structuredClone(start);
    run(personal, start, { type: 'upsert', item: item('c', 3) }, { type: 'remove', id: 'a' });
    expect(start).toEqual(frozen);
  });
});
