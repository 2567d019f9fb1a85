import type postgres from 'postgres';
import { Channel, type ConnectClient } from './channel';
import { type CallerSettings, prepared, type Unsafe } from './settings';

/**
 * Connections shared by one-statement transactions. Each is queued whole (BEGIN, the caller's
 * settings, the statement, COMMIT) in one synchronous step, so transactions cannot interleave, and
 * many requests' transactions pipeline on a lane and share its socket writes the way plain queries
 * share a pool: one round trip and a fraction of a write syscall per request, the main costs on a
 * small machine (docs/benchmarks.md). As with any pipelining, a slow statement delays the ones
 * queued behind it on its lane.
 */
export class StatementLanes {
  readonly channels: Channel[];
  #next = 0;

  constructor(count: number, connect: ConnectClient) {
    this.channels = Array.from({ length: count }, () => new Channel(connect));
  }

  async run<T>(
    settings: CallerSettings,
    fn: (unsafe: Unsafe) => Promise<T>,
    begin = 'begin',
  ): Promise<T> {
    const channel = this.channels[this.#next++ % this.channels.length]!;
    let queued: { settings: Promise<unknown>; done: Promise<unknown> } | undefined;
    const unsafe = ((
      query: string,
      parameters?: never[],
      options?: postgres.UnsafeQueryOptions,
    ) => {
      // Refused before anything is sent: after the COMMIT below it would run outside RLS.
      if (queued) throw new Error('rls(…, { singleStatement: true }) ran a second statement');
      const { sql } = channel;
      const applied = settings(sql);
      const statement = prepared(sql, query, parameters, options);
      // COMMIT of a failed transaction is a ROLLBACK: it never fails the next one on the lane.
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

  async close(): Promise<void> {
    await Promise.all(this.channels.map((channel) => channel.close()));
  }
}
