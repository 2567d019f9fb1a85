import type postgres from 'postgres';
import { findPostgresError } from '../errors';
import { Channel, type ConnectClient, ConnectionLostError } from './channel';
import { runWhole } from './lanes';
import { type CallerSettings, prepared, type Unsafe } from './settings';
import { onceMoreIfStale } from './stale-plans';

/** No connection became free in time: the pool is saturated (e.g. by transactions waiting on locks). */
export class AcquireTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No database connection became free within ${timeoutMs} ms.`);
    this.name = 'AcquireTimeoutError';
  }
}

/**
 * Connections leased one transaction at a time. A transaction of any number of statements sends
 * BEGIN and the settings with its first statement, COMMIT once `fn` is done; a one-statement
 * transaction (`whole`) is sent in one step as on a lane. A transaction that finds its connection
 * dropped (the channel's generation moved) sends nothing more and fails: the server has already
 * rolled it back. Waiting for a connection is bounded by `acquireTimeoutMs` (0: unbounded).
 */
export class TransactionChannels {
  readonly channels: Channel[];
  readonly #idle: Channel[];
  readonly #waiting: ((channel: Channel) => void)[] = [];

  constructor(
    count: number,
    connect: ConnectClient,
    private readonly acquireTimeoutMs = 0,
  ) {
    this.channels = Array.from({ length: count }, () => new Channel(connect));
    this.#idle = [...this.channels];
  }

  /** Transactions waiting for a free connection. */
  get waiting(): number {
    return this.#waiting.length;
  }

  get leased(): number {
    return this.channels.length - this.#idle.length;
  }

  async run<T>(
    settings: CallerSettings,
    fn: (unsafe: Unsafe) => Promise<T>,
    options: { begin: string; whole: boolean; readOnly: boolean },
  ): Promise<T> {
    const channel = this.#idle.pop() ?? (await this.#acquire());
    try {
      return await onceMoreIfStale(options.readOnly, () =>
        options.whole
          ? runWhole(channel, settings, fn, options.begin)
          : inTransaction(channel, settings, fn, options.begin),
      );
    } finally {
      const next = this.#waiting.shift();
      if (next) next(channel);
      else this.#idle.push(channel);
    }
  }

  #acquire(): Promise<Channel> {
    return new Promise<Channel>((resolve, reject) => {
      const waiter = (channel: Channel) => {
        clearTimeout(timer);
        resolve(channel);
      };
      const timer =
        this.acquireTimeoutMs > 0
          ? setTimeout(() => {
              this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
              reject(new AcquireTimeoutError(this.acquireTimeoutMs));
            }, this.acquireTimeoutMs)
          : undefined;
      this.#waiting.push(waiter);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.channels.map((channel) => channel.close()));
  }
}

/** 25P02: a statement sent after an earlier one failed in the same transaction. */
const isAbortedFollowUp = (error: unknown) => findPostgresError(error)?.code === '25P02';

async function inTransaction<T>(
  channel: Channel,
  settings: CallerSettings,
  fn: (unsafe: Unsafe) => Promise<T>,
  begin: string,
): Promise<T> {
  const { sql } = channel;
  const generation = channel.generation;
  const send = (statement: postgres.PendingQuery<postgres.Row[]>) => {
    if (channel.generation !== generation) throw new ConnectionLostError();
    return channel.send([statement as never]);
  };
  const setup = channel.send([sql.unsafe(begin) as never, settings(sql)]);
  const setupError = setup.then(
    () => undefined,
    (error: unknown) => error,
  );
  // The first statement that failed: what went wrong, whatever `fn` ran or threw afterwards.
  let firstFailure: unknown;
  const unsafe = ((query: string, parameters?: never[], options?: postgres.UnsafeQueryOptions) => {
    const statement = prepared(sql, query, parameters, options);
    // The caller awaits the statement itself.
    send(statement).catch((error: unknown) => {
      if (firstFailure === undefined && !isAbortedFollowUp(error)) firstFailure = error;
    });
    return statement;
  }) as Unsafe;
  try {
    const result = await fn(unsafe);
    await setup;
    await send(sql.unsafe('commit'));
    return result;
  } catch (error) {
    if (channel.generation === generation) await send(sql.unsafe('rollback')).catch(() => {});
    // When the setup failed, fn only saw "current transaction is aborted"; report the cause. The
    // same when fn went on after a failed statement: its error is the one that explains.
    throw (await setupError) ?? (isAbortedFollowUp(error) ? (firstFailure ?? error) : error);
  }
}
