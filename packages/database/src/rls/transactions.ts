import type postgres from 'postgres';
import { Channel, type ConnectClient, ConnectionLostError } from './channel';
import { type CallerSettings, prepared, type Unsafe } from './settings';

/**
 * Connections leased one transaction at a time, for transactions of any number of statements.
 * BEGIN and the settings are not awaited, so they travel with the first statement; COMMIT follows
 * once `fn` is done. A transaction that finds its connection dropped (the channel's generation
 * moved) sends nothing more and fails: the server has already rolled it back.
 */
export class TransactionChannels {
  readonly channels: Channel[];
  readonly #idle: Channel[];
  readonly #waiting: ((channel: Channel) => void)[] = [];

  constructor(count: number, connect: ConnectClient) {
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
    begin = 'begin',
  ): Promise<T> {
    const channel =
      this.#idle.pop() ?? (await new Promise<Channel>((resolve) => this.#waiting.push(resolve)));
    try {
      return await inTransaction(channel, settings, fn, begin);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(channel);
      else this.#idle.push(channel);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.channels.map((channel) => channel.close()));
  }
}

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
  const unsafe = ((query: string, parameters?: never[], options?: postgres.UnsafeQueryOptions) => {
    const statement = prepared(sql, query, parameters, options);
    send(statement).catch(() => {}); // the caller awaits the statement itself
    return statement;
  }) as Unsafe;
  try {
    const result = await fn(unsafe);
    await setup;
    await send(sql.unsafe('commit'));
    return result;
  } catch (error) {
    if (channel.generation === generation) await send(sql.unsafe('rollback')).catch(() => {});
    // When the setup failed, fn only saw "current transaction is aborted"; report the cause.
    throw (await setupError) ?? error;
  }
}
