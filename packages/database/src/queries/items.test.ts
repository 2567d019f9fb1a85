import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../testing';
import { createItem, escapeLike, listItems } from './items';
import { decodeCursor, encodeCursor, isTimestamptzText } from './pagination';

let t: TestDatabase;
let user: TestUser;
beforeAll(async () => {
  t = await createTestDatabase();
  user = await createTestUser(t.sql, 'pager');
  // 25 items, several sharing one created_at to the microsecond, so ties go to the id.
  await t.sql`
    insert into items (owner_id, title, created_at)
    select ${user.id}, 'item ' || lpad(n::text, 2, '0'),
           timestamptz '2026-01-01 00:00:00.123456+00' + (n / 5) * interval '1 microsecond'
    from generate_series(1, 25) n`;
});
afterAll(() => t.drop());

const page = (cursor?: string, search?: string) =>
  t.db.rls(user.claims, (tx) =>
    listItems(tx, {
      scope: { ownerId: user.id },
      limit: 10,
      cursor: cursor ? decodeCursor(cursor) : undefined,
      search,
    }),
  );

test('keyset pages cover every item exactly once, newest first, across microsecond ties', async () => {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const result = await page(cursor);
    seen.push(...result.items.map((item) => item.id));
    cursor = result.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  expect(pages).toBe(3);
  expect(new Set(seen).size).toBe(25);
  const expected = await t.sql<{ id: string }[]>`
    select id from items where owner_id = ${user.id} order by created_at desc, id desc`;
  expect(seen).toEqual(expected.map((row) => row.id));
});

test('the last page says there is no next one', async () => {
  const first = await page();
  const second = await page(first.nextCursor!);
  const third = await page(second.nextCursor!);
  expect(third.items).toHaveLength(5);
  expect(third.nextCursor).toBeNull();
});

test('title search is case-insensitive and treats % and _ literally', async () => {
  await t.db.rls(user.claims, (tx) => createItem(tx, { title: '100% Done_really' }));
  const matches = (await page(undefined, 'ITEM 1')).items.map((i) => i.title);
  expect(matches.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `item 1${i}`));
  expect((await page(undefined, '0% d')).items.map((i) => i.title)).toEqual(['100% Done_really']);
  expect((await page(undefined, '%')).items.map((i) => i.title)).toEqual(['100% Done_really']);
  expect(escapeLike('a_b%c\\')).toBe('a\\_b\\%c\\\\');
});

test('cursors round-trip and anything else is rejected', () => {
  const cursor = {
    createdAt: '2026-01-01 00:00:00.123456+00',
    id: '3f0c8a5e-2a4b-4c1d-9e8f-0a1b2c3d4e5f',
  };
  expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  for (const bad of ['', 'nope', encodeCursor({ createdAt: 'x', id: cursor.id }), btoa('[1,2]')]) {
    expect(decodeCursor(bad)).toBeUndefined();
  }
});

test('a cursor time is accepted exactly when PostgreSQL can read it', async () => {
  const candidates = [
    '2026-01-01 00:00:00.123456+00',
    '2024-02-29 23:59:59.999999+00',
    '2026-06-01 12:00:00+05:30',
    '1999-12-31 23:59:59-08',
    '2026-02-30 10:00:00+00',
    '2025-02-29 00:00:00+00',
    '1900-02-29 00:00:00+00',
    '2026-04-31 00:00:00+00',
    '2026-13-01 00:00:00+00',
    '2026-00-10 00:00:00+00',
    '2026-01-00 00:00:00+00',
    '2026-01-01 25:61:00+00',
    '2026-01-01 24:00:01+00',
    '2026-01-01 00:60:00+00',
    '2026-01-01 00:00:61+00',
    '0000-01-01 00:00:00+00',
    '2026-01-01 00:00:00+99',
    '2026-01-01 00:00:00+05:75',
  ];
  for (const value of candidates) {
    const readable = await t.sql`select ${value}::text::timestamptz`.then(
      () => true,
      () => false,
    );
    // PostgreSQL reads a few more (24:00:00, 23:59:60) than it ever prints; the reverse must never happen.
    if (!readable) expect([value, isTimestamptzText(value)]).toEqual([value, false]);
    expect(decodeCursor(encodeCursor({ createdAt: value, id: user.id })) !== undefined).toBe(
      isTimestamptzText(value),
    );
  }
  for (const printed of ['2026-01-01 00:00:00.123456+00', '2024-02-29 23:59:59.999999+00']) {
    expect(isTimestamptzText(printed)).toBe(true);
  }
});
