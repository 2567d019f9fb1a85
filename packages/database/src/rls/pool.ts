import type { ConnectClient } from './channel';
import { StatementLanes } from './lanes';
import type { CallerSettings, Unsafe } from './settings';
import { TransactionChannels } from './transactions';

export interface PoolStats {
  /** Connections this pool may open (lanes + leased for writes + leased for reads). */
  connections: number;
  /** Statements queued or in flight on the lanes. */
  lanePending: number;
  /** Transactions holding a leased connection. */
  leased: number;
  /** Transactions waiting for a connection. */
  waiting: number;
}

export interface PoolSizes {
  /** Shared connections for one-statement reads (0: they lease like the rest). */
  lanes: number;
  /** Leased connections for transactions that write (and, without readPoolMax, for reads). */
  poolMax: number;
  /** Leased connections for multi-statement READ ONLY transactions (0: they share poolMax's). */
  readPoolMax?: number;
  /** How long a transaction waits for a leased connection before AcquireTimeoutError (0: forever). */
  acquireTimeoutMs?: number;
}

/**
 * One database (the primary, or a replica). What can wait on a row lock (any write) never shares a
 * connection or a queue with reads: one-statement reads pipeline on the lanes, other reads lease
 * from their own connections, and writes lease from theirs. A user whose writes queue behind a
 * lock then delays other writers at most until lock_timeout or the acquire timeout, and readers not
 * at all.
 */
export class RlsPool {
  readonly #lanes: StatementLanes | undefined;
  readonly #writers: TransactionChannels;
  readonly #readers: TransactionChannels;

  constructor(connect: ConnectClient, sizes: PoolSizes) {
    this.#lanes = sizes.lanes > 0 ? new StatementLanes(sizes.lanes, connect) : undefined;
    this.#writers = new TransactionChannels(sizes.poolMax, connect, sizes.acquireTimeoutMs);
    this.#readers = sizes.readPoolMax
      ? new TransactionChannels(sizes.readPoolMax, connect, sizes.acquireTimeoutMs)
      : this.#writers;
  }

  run<T>(
    settings: CallerSettings,
    fn: (unsafe: Unsafe) => Promise<T>,
    options: { singleStatement: boolean; readOnly: boolean },
  ): Promise<T> {
    const begin = options.readOnly ? 'begin read only' : 'begin';
    if (options.readOnly && options.singleStatement && this.#lanes) {
      return this.#lanes.run(settings, fn, begin);
    }
    const leased = options.readOnly ? this.#readers : this.#writers;
    return leased.run(settings, fn, {
      begin,
      whole: options.singleStatement,
      readOnly: options.readOnly,
    });
  }

  stats(): PoolStats {
    const lanes = this.#lanes?.channels ?? [];
    const leased = [...new Set([this.#writers, this.#readers])];
    return {
      connections: lanes.length + leased.reduce((sum, pool) => sum + pool.channels.length, 0),
      lanePending: lanes.reduce((sum, channel) => sum + channel.pending, 0),
      leased: leased.reduce((sum, pool) => sum + pool.leased, 0),
      waiting: leased.reduce((sum, pool) => sum + pool.waiting, 0),
    };
  }

  async close(): Promise<void> {
    await Promise.all([
      this.#lanes?.close(),
      ...[...new Set([this.#writers, this.#readers])].map((pool) => pool.close()),
    ]);
  }
}
