import type { ConnectClient } from './channel';
import { StatementLanes } from './lanes';
import type { CallerSettings, Unsafe } from './settings';
import { TransactionChannels } from './transactions';

export interface PoolStats {
  /** Connections this pool may open (lanes + leased transactions). */
  connections: number;
  /** Statements queued or in flight on the lanes. */
  lanePending: number;
  /** Transactions holding a leased connection. */
  leased: number;
  /** Transactions waiting for a connection. */
  waiting: number;
}

/** One database (the primary, or a replica): lanes for one-statement transactions, leased ones for the rest. */
export class RlsPool {
  readonly #lanes: StatementLanes | undefined;
  readonly #transactions: TransactionChannels;

  constructor(connect: ConnectClient, sizes: { lanes: number; poolMax: number }) {
    this.#lanes = sizes.lanes > 0 ? new StatementLanes(sizes.lanes, connect) : undefined;
    this.#transactions = new TransactionChannels(sizes.poolMax, connect);
  }

  run<T>(
    settings: CallerSettings,
    fn: (unsafe: Unsafe) => Promise<T>,
    options: { singleStatement: boolean; begin: string },
  ): Promise<T> {
    return options.singleStatement && this.#lanes
      ? this.#lanes.run(settings, fn, options.begin)
      : this.#transactions.run(settings, fn, options.begin);
  }

  stats(): PoolStats {
    const lanes = this.#lanes?.channels ?? [];
    return {
      connections: lanes.length + this.#transactions.channels.length,
      lanePending: lanes.reduce((sum, channel) => sum + channel.pending, 0),
      leased: this.#transactions.leased,
      waiting: this.#transactions.waiting,
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.#lanes?.close(), this.#transactions.close()]);
  }
}
