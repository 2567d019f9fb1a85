import { describe, expect, it } from 'vitest';
import { type ItemsState, itemsReducer } from './items-state';
import { type ItemRow, type ItemsBroadcast, itemsEventOf, toItem } from './realtime-events';
import type { ItemView } from './types';

const ME = '00000000-0000-4000-8000-000000000001';
const ID = '00000000-0000-4000-8000-0000000000f1';

/** A row as the database broadcasts it: PostgreSQL's timestamptz text, microseconds and all. */
function row(fields: Partial<ItemRow> = {}): ItemRow {
  return {
    id: ID,
    owner_id: ME,
    org_id: null,
    title: 'Buy milk',
    body: '',
    done: false,
    created_at: '2026-11-27T12:00:00.123456+00:00',
    updated_at: '2026-11-27T12:00:00.123456+00:00',
    ...fields,
  };
}

const base = { schema: 'public', table: 'items' };
const insert = (record: ItemRow): ItemsBroadcast => ({
  ...base,
  operation: 'INSERT',
  record,
  old_record: null,
});
const update = (record: ItemRow): ItemsBroadcast => ({
  ...base,
  operation: 'UPDATE',
  record,
  old_record: { id: record.id },
});
const remove = (old: { id?: string }): ItemsBroadcast => ({
  ...base,
  operation: 'DELETE',
  record: null,
  old_record: old,
});

describe('toItem', () => {
  it("gives the API's shape with ISO timestamps, whatever offset PostgreSQL wrote", () => {
    expect(toItem(row({ updated_at: '2026-11-27 13:00:05.5+01:00' }))).toEqual({
      id: ID,
      ownerId: ME,
      orgId: null,
      title: 'Buy milk',
      body: '',
      done: false,
      createdAt: '2026-11-27T12:00:00.123Z',
      updatedAt: '2026-11-27T12:00:05.500Z',
    });
  });
});

describe('itemsEventOf', () => {
  it('turns inserts and updates into upserts and deletes into removals by id', () => {
    expect(itemsEventOf(insert(row()))).toMatchObject({ type: 'upsert', item: { id: ID } });
    expect(itemsEventOf(update(row({ done: true })))).toMatchObject({
      type: 'upsert',
      item: { done: true },
    });
    expect(itemsEventOf(remove({ id: ID }))).toEqual({ type: 'remove', id: ID });
  });

  it('ignores a delete that carries no id, and anything that is not an item change', () => {
    expect(itemsEventOf(remove({}))).toBeNull();
    expect(itemsEventOf({ operation: 'TRUNCATE' })).toBeNull();
    expect(itemsEventOf({ operation: 'INSERT', record: null })).toBeNull();
  });
});

describe('realtime events through the board reducer', () => {
  const view: ItemView = { scope: { kind: 'personal', userId: ME }, q: undefined };
  const empty: ItemsState = { items: [], nextCursor: null };
  const apply = (...payloads: ItemsBroadcast[]) =>
    payloads
      .map(itemsEventOf)
      .filter((event) => event !== null)
      .reduce(itemsReducer(view), empty);

  it('keeps the latest edit when two updates arrive in the wrong order', () => {
    const first = update(row({ title: 'first', updated_at: '2026-11-27T12:00:01.000001+00:00' }));
    const second = update(row({ title: 'second', updated_at: '2026-11-27T12:00:02.000001+00:00' }));
    expect(apply(insert(row()), second, first).items.map((item) => item.title)).toEqual(['second']);
    expect(apply(insert(row()), first, second).items.map((item) => item.title)).toEqual(['second']);
  });

  it('does not bring back a deleted row when an older version of it arrives late', () => {
    const late = update(row({ title: 'late', updated_at: '2026-11-27T12:00:01+00:00' }));
    expect(apply(insert(row()), remove({ id: ID }), late).items).toEqual([]);
  });

  it('drops a row that an update moved into an org, out of this personal board', () => {
    const moved = update(
      row({
        org_id: '00000000-0000-4000-8000-0000000000aa',
        updated_at: '2026-11-27T12:00:01+00:00',
      }),
    );
    expect(apply(insert(row()), moved).items).toEqual([]);
  });
});
