import type postgres from 'postgres';
import { Channel, type ConnectClient } from './channel';
import { type CallerSettings, prepared, type Unsafe } from './settings';
import { onceMoreIfStale } from './stale-plans';

/**
 * Connections shared by one-statement READ ONLY transactions. Each is queued whole (BEGIN, the
 * caller's settings, the statement, COMMIT) in one synchronous step, so transactions cannot
 * interleave, and many requests' transactions pipeline on a lane and share its socket writes the
 * way plain queries share a pool: one round trip and a fraction of a write syscall per request, the
 * main costs on a small machine (docs/benchmarks.md). A slow statement delays the ones queued
 * behind it, so only reads come here: a read-only transaction cannot wait on a row lock (it cannot
 * write or SELECT … FOR UPDATE), and lock_timeout bounds its wait on a table lock.
 */
export class StatementLanes {
  readonly channels: Channel[];
  #next = 0;

  constructor(count: number, connect: ConnectClient) {
    this.channels = Array.from({ length: count }, () => new Channel(connect));
  }

  run<T>(settings: CallerSettings, fn: (unsafe: Unsafe) => Promise<T>, begin: string): Promise<T> {
    const channel = this.channels[this.#next++ % this.channels.length]!;
    return onceMoreIfStale(true, () => runWhole(channel, settings, fn, begin));
  }

  async close(): Promise<void> {
    await Promise.all(this.channels.map((channel) => channel.close()));
  }
}

/**
 * Runs a one-statement transaction on `channel`: BEGIN, the settings, the statement and COMMIT are
 * queued in one synchronous step when `fn` sends its statement, so they cost one round trip and
 * nothing else on the connection can come between them.
 */
export async function runWhole<T>(
  channel: Channel,
  settings: CallerSettings,
  fn: (unsafe: Unsafe) => Promise<T>,
  begin: string,
): Promise<T> {
  let queued: { settings: Promise<unknown>; done: Promise<unknown> } | undefined;
  const unsafe = ((query: string, parameters?: never[], options?: postgres.UnsafeQueryOptions) => {
    // Refused before anything is sent: after the COMMIT below it would run outside RLS.
    if (queued) throw new Error('rls(…, { singleStatement: true }) ran a second statement');
    const { sql } = channel;
    const applied = settings(sql);
    const statement = prepared(sql, query, parameters, options);
    // COMMIT of a failed transaction is a ROLLBACK: it never fails the next one on the connection.
    const done = channel.send([
      sql.unsafe(begin) as never,
      applied,
      statement,
      sql.unsafe('commit') as never,
    ]);
    done.catch(() => {}); // awaited below
    queued = { settings: applied, done };
    return statement;
  }) as Unsafe;

  try {
    const result = await fn(unsafe);
    await queued?.done;
    return result;
  } catch (error) {
    if (!queued) throw error;
    await queued.done.catch(() => {});
    // When the settings failed, the statement only saw "current transaction is aborted".
    throw (
      (await queued.settings.then(
        () => undefined,
        (e: unknown) => e,
      )) ?? error
    );
  }
}
