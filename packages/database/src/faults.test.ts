import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, type Database } from './client';
import type { DatabaseConfig } from './config';
import { createItem, listItems, updateItem } from './queries';
import { databaseUnavailable } from './rls/unavailable';
import {
  createTestDatabase,
  createTestUser,
  sqlState,
  type TestDatabase,
  testDatabaseConfig,
} from './testing';

/**
 * Database faults and one user starving others, at the level of rls(): locks, idle transactions,
 * a saturated pool, connections killed while they open. Real PostgreSQL, no mocks.
 */
let t: TestDatabase;
const opened: Database[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});
afterAll(() => t.drop());

/** A second pool on the test database, with these limits. */
function databaseWith(overrides: Partial<DatabaseConfig>): Database {
  const db = createDatabase(testDatabaseConfig(t.url, { connectTimeoutS: 5, ...overrides }));
  opened.push(db);
  return db;
}

/** Holds a row lock on `itemId` in another session until the returned function is called. */
async function holdRowLock(itemId: string): Promise<() => Promise<void>> {
  const session = postgres(t.url, { max: 1, onnotice: () => {} });
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const transaction = session.begin(async (tx) => {
    await tx`select id from items where id = ${itemId} for update`;
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await transaction;
    await session.end();
  };
}

const elapsed = async (fn: () => Promise<unknown>) => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};

/** Collects unhandled rejections while `fn` runs (Node would exit on one without a handler). */
async function unhandledRejectionsDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await fn();
    await new Promise((resolve) => setTimeout(resolve, 200)); // let stray rejections surface
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

describe('a user waiting on a row lock', () => {
  test('fails with lock_not_available after lock_timeout, and other users’ reads do not wait', async () => {
    const db = databaseWith({ lockTimeoutMs: 3_000 });
    const [writer, reader] = await Promise.all([
      createTestUser(t.sql, 'writer'),
      createTestUser(t.sql, 'reader'),
    ]);
    const item = await db.rls(writer.claims, (tx) => createItem(tx, { title: 'locked' }), {
      singleStatement: true,
    });
    await db.rls(reader.claims, (tx) => createItem(tx, { title: 'mine' }), {
      singleStatement: true,
    });
    const release = await holdRowLock(item.id);
    try {
      const blocked = db
        .rls(writer.claims, (tx) => updateItem(tx, item.id, { title: 'waits' }), {
          singleStatement: true,
        })
        .then(
          () => 'committed',
          (error: unknown) => sqlState(error),
        );
      // With one lane, a write pipelined there would hold every read queued behind it.
      const readMs = await elapsed(() =>
        db.rls(reader.claims, (tx) => listItems(tx, { scope: { ownerId: reader.id }, limit: 10 }), {
          singleStatement: true,
          readOnly: true,
        }),
      );
      expect(readMs).toBeLessThan(2_000);
      expect(await blocked).toBe('55P03');
    } finally {
      await release();
    }
  });

  test('a saturated pool answers AcquireTimeoutError instead of queueing forever', async () => {
    const db = databaseWith({ poolMax: 1, lockTimeoutMs: 3_000, acquireTimeoutMs: 300 });
    const user = await createTestUser(t.sql, 'saturate');
    const item = await db.rls(user.claims, (tx) => createItem(tx, { title: 'x' }));
    const release = await holdRowLock(item.id);
    try {
      const holder = db
        .rls(user.claims, (tx) => updateItem(tx, item.id, { title: 'y' }))
        .catch(() => {});
      const queued = await db
        .rls(user.claims, (tx) => createItem(tx, { title: 'z' }))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(databaseUnavailable(queued)).toBe('pool');
      await release();
      await holder;
    } finally {
      await release().catch(() => {});
    }
    // Once the lock is gone the pool serves again.
    const after = await db.rls(user.claims, (tx) => createItem(tx, { title: 'after' }));
    expect(after.title).toBe('after');
  });

  test('a transaction left idle is ended by the server, and its connection is replaced', async () => {
    const db = databaseWith({ idleInTransactionTimeoutMs: 300 });
    const user = await createTestUser(t.sql, 'idle');
    const outcome = await db
      .rls(user.claims, async (tx) => {
        await createItem(tx, { title: 'never committed' });
        await new Promise((resolve) => setTimeout(resolve, 1_000)); // e.g. a slow network call
        await createItem(tx, { title: 'too late' });
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(databaseUnavailable(outcome)).toBe('connection');
    const [row] = await t.sql`select count(*)::int as n from items where owner_id = ${user.id}`;
    expect(row?.n).toBe(0);
    const item = await db.rls(user.claims, (tx) => createItem(tx, { title: 'next' }));
    expect(item.ownerId).toBe(user.id);
  });
});

describe('a lost connection', () => {
  const killStatement = (marker: string) =>
    t.sql`select pg_terminate_backend(pid) from pg_stat_activity
          where pid <> pg_backend_pid() and query like ${`%${marker}%`}`;

  test('a read is run once more on a fresh connection; a write is not repeated', async () => {
    const db = databaseWith({ lanes: 1 });
    const user = await createTestUser(t.sql, 'retried');
    let reads = 0;
    const read = db.rls(
      user.claims,
      (tx) => {
        reads++;
        return tx.execute(sql`select pg_sleep(0.4), 'retried-read' as marker`);
      },
      { singleStatement: true, readOnly: true },
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    await killStatement('retried-read');
    await expect(read).resolves.toHaveLength(1);
    expect(reads).toBe(2);

    let writes = 0;
    const write = db
      .rls(user.claims, (tx) => {
        writes++;
        return tx.execute(sql`select pg_sleep(0.4), 'lost-write' as marker`);
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    await new Promise((resolve) => setTimeout(resolve, 150));
    await killStatement('lost-write');
    expect(databaseUnavailable(await write)).toBe('connection');
    expect(writes).toBe(1);
  });
});

describe('the error a caller sees', () => {
  test('is the failed statement’s, not the 25P02 of a statement sent after it', async () => {
    const user = await createTestUser(t.sql, 'aborted');
    const failure = await t.db
      .rls(user.claims, async (tx) => {
        await tx.execute(sql`select 1 / 0`).catch(() => {}); // e.g. a handler that tries a fallback
        await tx.execute(sql`select 1`);
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(sqlState(failure)).toBe('22012');
  });
});

describe('connections killed while they open', () => {
  test('no unhandled rejection when every new connection’s first statement is cancelled', async () => {
    // A 1 ms statement_timeout for every new session cancels whatever a connection runs first:
    // with postgres.js's array-type lookup, that rejection has no handler.
    const user = await createTestUser(t.sql, 'cancelled');
    const control = postgres(t.url, { max: 1, onnotice: () => {} });
    const database = new URL(t.url).pathname.slice(1);
    await control.unsafe(`alter database ${database} set statement_timeout = 1`);
    try {
      const seen = await unhandledRejectionsDuring(async () => {
        for (let i = 0; i < 5; i++) {
          const db = databaseWith({ lanes: 2, poolMax: 2 });
          await Promise.allSettled([
            db.sql`select 1`,
            db.rls(user.claims, (tx) => tx.execute(sql`select 1`), {
              singleStatement: true,
              readOnly: true,
            }),
            db.rls(user.claims, (tx) => createItem(tx, { title: 'x' })),
          ]);
        }
      });
      expect(seen).toEqual([]);
    } finally {
      await control.unsafe(`alter database ${database} reset statement_timeout`);
      await control.end();
    }
  });

  test('killing young backends under load: every request succeeds or is unavailable, none crashes', async () => {
    const db = databaseWith({ lanes: 2, poolMax: 3, readPoolMax: 2, idleTimeoutS: 1 });
    const users = await Promise.all([1, 2, 3].map(() => createTestUser(t.sql, 'killed')));
    const killer = postgres(t.url, { max: 1, onnotice: () => {} });
    const outcomes = { ok: 0, unavailable: 0, other: [] as unknown[] };
    const acknowledged: { id: string; ownerId: string }[] = [];
    let running = true;
    const seen = await unhandledRejectionsDuring(async () => {
      const kill = (async () => {
        while (running) {
          await killer`select pg_terminate_backend(pid) from pg_stat_activity
                       where datname = current_database() and pid <> pg_backend_pid()
                         and backend_start > now() - interval '200 milliseconds'`;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const work = users.map(async (user) => {
        const until = Date.now() + 3_000;
        while (Date.now() < until) {
          const attempts = [
            db
              .rls(user.claims, (tx) => createItem(tx, { title: 'w' }), { singleStatement: true })
              .then((item) => acknowledged.push(item)),
            db
              .rls(user.claims, (tx) => listItems(tx, { scope: { ownerId: user.id }, limit: 5 }), {
                singleStatement: true,
                readOnly: true,
              })
              .then((page) => {
                for (const item of page.items) expect(item.ownerId).toBe(user.id);
              }),
          ];
          for (const result of await Promise.allSettled(attempts)) {
            if (result.status === 'fulfilled') outcomes.ok++;
            else if (databaseUnavailable(result.reason)) outcomes.unavailable++;
            else outcomes.other.push(result.reason);
          }
        }
      });
      await Promise.all(work);
      running = false;
      await kill;
    });
    await killer.end();
    expect(seen).toEqual([]);
    expect(outcomes.other).toEqual([]);
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(0);
    const ids = acknowledged.map((item) => item.id);
    const rows = await t.sql<{ id: string; owner_id: string }[]>`
      select id, owner_id from items where id in ${t.sql(ids)}`;
    expect(rows.length).toBe(acknowledged.length);
    const owners = new Map(rows.map((row) => [row.id, row.owner_id]));
    for (const item of acknowledged) expect(owners.get(item.id)).toBe(item.ownerId);
    // And the pool works again afterwards.
    const item = await db.rls(users[0]!.claims, (tx) => createItem(tx, { title: 'after' }));
    expect(item.ownerId).toBe(users[0]!.id);
  });
});
