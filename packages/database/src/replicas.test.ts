import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createDatabase, type Database } from './client';
import { createItem, listItems } from './queries';
import {
  claimsFor,
  createTestDatabase,
  expectSqlState,
  type TestDatabase,
  withDatabase,
} from './testing';

// A second database stands in for the replica: the test writes different rows to each, so every
// read shows which one served it.
const STICKY_MS = 400;
let primary: TestDatabase;
let replica: TestDatabase;
let db: Database;
const user = claimsFor('6a1d0c1e-3f5b-4b8e-9a70-2c4d5e6f7a8b', 'reader@example.test');
const titles = (page: { items: { title: string }[] }) =>
  page.items.map((item) => item.title).sort();
const read = () =>
  db.rls(user, (tx) => listItems(tx, { scope: { ownerId: user.sub! }, limit: 10 }), {
    readOnly: true,
    singleStatement: true,
  });

beforeAll(async () => {
  [primary, replica] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  for (const [sql, title] of [
    [primary.sql, 'on the primary'],
    [replica.sql, 'on the replica'],
  ] as const) {
    await sql`insert into auth.users (id, email, aud, role) values (${user.sub!}, ${user.email as string}, 'authenticated', 'authenticated')`;
    await sql`insert into items (owner_id, title) values (${user.sub!}, ${title})`;
  }
  db = createDatabase({
    url: primary.url,
    replicaUrls: [replica.url],
    replicaStickyMs: STICKY_MS,
    poolMax: 2,
    lanes: 1,
    idleTimeoutS: 5,
    maxLifetimeS: 60,
    connectTimeoutS: 5,
    statementTimeoutMs: 5_000,
    prepare: true,
  });
});
afterAll(async () => {
  await db.close();
  await Promise.all([primary.drop(), replica.drop()]);
});

test('read-only RLS reads go to the replica; writes and reads after them to the primary', async () => {
  expect(titles(await read())).toEqual(['on the replica']);

  await db.rls(user, (tx) => createItem(tx, { title: 'just written' }), { singleStatement: true });
  expect(titles(await read())).toEqual(['just written', 'on the primary']);

  await new Promise((resolve) => setTimeout(resolve, STICKY_MS + 50));
  expect(titles(await read())).toEqual(['on the replica']);
});

test('reads that are not marked read-only stay on the primary', async () => {
  const page = await db.rls(user, (tx) =>
    listItems(tx, { scope: { ownerId: user.sub! }, limit: 10 }),
  );
  expect(titles(page)).toContain('on the primary');
});

test('a read-only transaction cannot write, even by mistake', async () => {
  await expectSqlState(
    db.rls(user, (tx) => createItem(tx, { title: 'sneaky' }), { readOnly: true }),
    '25006',
  );
});

test('an unreachable replica does not fail reads: they fall back to the primary', async () => {
  const serverUrl = inject('testPostgresUrl');
  const down = createDatabase({
    url: primary.url,
    replicaUrls: [withDatabase(serverUrl.replace(/:\d+\//, ':9/'), 'postgres')],
    poolMax: 1,
    lanes: 1,
    idleTimeoutS: 5,
    maxLifetimeS: 60,
    connectTimeoutS: 2,
    statementTimeoutMs: 5_000,
    prepare: true,
  });
  try {
    const page = await down.rls(
      user,
      (tx) => listItems(tx, { scope: { ownerId: user.sub! }, limit: 10 }),
      {
        readOnly: true,
        singleStatement: true,
      },
    );
    expect(titles(page)).toContain('on the primary');
  } finally {
    await down.close();
  }
});

test('pgbouncer=true in the URL turns prepared statements off and is not sent to the server', async () => {
  const url = new URL(primary.url);
  url.searchParams.set('pgbouncer', 'true');
  const pooled = createDatabase({
    url: url.toString(),
    poolMax: 1,
    lanes: 1,
    idleTimeoutS: 5,
    maxLifetimeS: 60,
    connectTimeoutS: 5,
    statementTimeoutMs: 5_000,
    prepare: 'auto',
  });
  try {
    const page = await pooled.rls(user, (tx) =>
      listItems(tx, { scope: { ownerId: user.sub! }, limit: 10 }),
    );
    expect(titles(page)).toContain('on the primary');
    const [prepared] = await pooled.sql<
      { n: number }[]
    >`select count(*)::int as n from pg_prepared_statements`;
    expect(prepared?.n).toBe(0);
  } finally {
    await pooled.close();
  }
});
