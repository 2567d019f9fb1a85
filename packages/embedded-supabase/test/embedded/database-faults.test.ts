import { applyMigrations } from '@repo/database/migrator';
import type { SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../../src/realtime/testing/channels';
import { authFetch, createConfirmedUser, signedIn } from '../contract/clients';
import { getTarget, type Target } from '../contract/target';

/**
 * The embedded Auth and Realtime when the database drops their connections (as a restart or a
 * failover does: 57P01 to every backend): Auth answers 503 (auth-js retries it), never 500, and
 * Realtime reconnects its replication and its queries and delivers changes again.
 */
let target: Target;
let sql: postgres.Sql;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  target = await getTarget({ embedded: { ports: { api: 0, db: 0, mail: 0, smtp: 0 } } });
  sql = postgres(target.dbUrl, { max: 1, onnotice: () => {}, fetch_types: false });
  await applyMigrations(sql);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  await sql.end();
  await target.stop();
});

/**
 * A confirmed, signed-in user. After a test that killed connections, a connection the driver was
 * opening at that moment may still fail its first query (Auth then answers 503): retried here.
 */
async function signedInUser(tag: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      const { email, id } = await createConfirmedUser(target, tag);
      const { session, client } = await signedIn(target, email);
      clients.push(client);
      return { id, session, client };
    } catch (error) {
      if (attempt === 3 || (error as { status?: number }).status !== 503) throw error;
    }
  }
}

/** Terminates every other backend of the stack, replication included. */
const terminateAll = () =>
  sql`select count(pg_terminate_backend(pid))::int as killed from pg_stat_activity
      where pid <> pg_backend_pid() and backend_type in ('client backend', 'walsender')`;

describe('embedded Supabase under database faults', () => {
  it('Auth answers 200 or 503 with Retry-After while its connections are killed, never 500', async () => {
    const { email } = await createConfirmedUser(target, 'auth-faults');
    const { session, client } = await signedIn(target, email);
    clients.push(client);
    let killing = true;
    const killer = (async () => {
      while (killing) {
        await terminateAll();
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    const answers: { status: number; retryAfter: string | null; code: string | null }[] = [];
    try {
      for (let round = 0; round < 30; round++) {
        const batch = await Promise.all(
          Array.from({ length: 5 }, () =>
            authFetch(target, '/user', {
              headers: { authorization: `Bearer ${session.access_token}` },
            }),
          ),
        );
        for (const response of batch) {
          answers.push({
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            code: response.headers.get('x-sb-error-code'),
          });
          await response.body?.cancel();
        }
      }
    } finally {
      killing = false;
      await killer;
    }
    expect(answers.filter((answer) => ![200, 503].includes(answer.status))).toEqual([]);
    expect(answers.filter((answer) => answer.status === 503 && !answer.retryAfter)).toEqual([]);
    // Recovered: the next requests are served again.
    const deadline = Date.now() + 5_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      const after = await authFetch(target, '/user', {
        headers: { authorization: `Bearer ${session.access_token}` },
      });
      status = after.status;
      await after.body?.cancel();
    }
    expect(status).toBe(200);
  });

  it('Realtime delivers changes again after every connection was terminated', async () => {
    const { id, session, client } = await signedInUser('rt-faults');
    await client.realtime.setAuth(session.access_token);
    const titles: string[] = [];
    const channel = client
      .channel('faults')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'items' }, (change) =>
        titles.push((change.new as { title: string }).title),
      );
    await subscribe(channel);
    const insert = (title: string) =>
      sql`insert into public.items (owner_id, title) values (${id}, ${title})`;
    /** Inserts rows named `prefix-…` until one arrives: changes committed while the replication
     * reconnects (with a new slot) are not replayed, so a single row could be missed. */
    const deliveredAgain = async (prefix: string) => {
      const deadline = Date.now() + 15_000;
      while (!titles.some((seen) => seen.startsWith(prefix)) && Date.now() < deadline) {
        await insert(`${prefix}${Date.now()}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return titles.some((seen) => seen.startsWith(prefix));
    };
    // Delivering before the faults (an earlier test's kills may still be reconnecting it).
    expect(await deliveredAgain('before-')).toBe(true);

    const [row] = await terminateAll();
    expect(row?.killed).toBeGreaterThan(0);
    // The replication reconnects with a new slot; changes committed after that arrive.
    expect(await deliveredAgain('after-')).toBe(true);
  });

  it('Realtime survives connections whose first statement is cancelled (no unhandled rejection)', async () => {
    const { id, session, client } = await signedInUser('rt-cancelled');
    await client.realtime.setAuth(session.access_token);
    const titles: string[] = [];
    await subscribe(
      client
        .channel('cancelled')
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'items' }, (change) =>
          titles.push((change.new as { title: string }).title),
        ),
    );
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    const database = new URL(target.dbUrl).pathname.slice(1);
    try {
      // Every new session cancels its first statement, then Realtime's query connections are
      // replaced: with the driver's array-type lookup, each cancel was an unhandled rejection.
      await sql.unsafe(`alter database ${database} set statement_timeout = 1`);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                where application_name = 'embedded_realtime'`;
      await sql`insert into public.items (owner_id, title) values (${id}, 'during')`;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await sql.unsafe(`alter database ${database} reset statement_timeout`);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                where application_name = 'embedded_realtime'`;
    }
    const deadline = Date.now() + 15_000;
    while (!titles.some((seen) => seen.startsWith('after-')) && Date.now() < deadline) {
      await sql`insert into public.items (owner_id, title) values (${id}, ${`after-${Date.now()}`})`;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    process.off('unhandledRejection', listener);
    expect(unhandled).toEqual([]);
    expect(titles.some((seen) => seen.startsWith('after-'))).toBe(true);
  });
});
