import type postgres from 'postgres';
import { refuseDriverRetry } from './stale-plans';

/** A statement postgres.js has queued; `state` is set once it is handed to the connection. */
export type Statement = postgres.PendingQuery<postgres.Row[]> & {
  state?: unknown;
  cancelled?: unknown;
  cancel(): unknown;
  reject(error: unknown): void;
};

/** Opens a postgres.js client with the app's connection settings plus these. */
export type ConnectClient = (options: { max: number; onclose?: () => void }) => postgres.Sql;

export class ConnectionLostError extends Error {
  constructor() {
    super('The database connection was lost during the transaction; it was rolled back.');
    this.name = 'ConnectionLostError';
  }
}

/**
 * One database connection (a postgres.js pool of one) that is replaced whole when it drops.
 *
 * Why not let postgres.js reconnect it: after a socket error, postgres.js keeps statements it had
 * queued in that connection's state and re-sends or answers them on the next connection, so a
 * statement whose BEGIN and settings went down with the old connection could run outside the
 * transaction, as the connection's own role, or pick up another statement's rows. So when the
 * connection closes, every statement of an open group is failed here, the old client is ended,
 * and a fresh one takes over; `generation` changes so a transaction can tell before it sends more.
 */
export class Channel {
  #sql: postgres.Sql;
  #generation = 0;
  #closing = false;
  readonly #open = new Set<Statement[]>();

  constructor(private readonly connect: ConnectClient) {
    this.#sql = this.#newClient();
  }

  /** The current client; read it when sending, it changes when the connection drops. */
  get sql(): postgres.Sql {
    return this.#sql;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Statements sent on this connection and not answered yet (its pipeline depth). */
  get pending(): number {
    let count = 0;
    for (const group of this.#open) count += group.length;
    return count;
  }

  /**
   * Queues `statements` back to back, in one synchronous step so nothing else can come between
   * them, and resolves with their results once all have answered. None is ever re-sent by the
   * driver behind the ones queued after it (stale-plans.ts).
   */
  send(statements: Statement[]): Promise<unknown[]> {
    for (const statement of statements) {
      refuseDriverRetry(statement);
      statement.execute();
    }
    this.#open.add(statements);
    return Promise.all(statements).finally(() => this.#open.delete(statements));
  }

  #newClient(): postgres.Sql {
    const client: postgres.Sql = this.connect({
      max: 1,
      onclose: () => {
        if (client === this.#sql && !this.#closing) this.#dropped();
      },
    });
    return client;
  }

  #dropped(): void {
    const old = this.#sql;
    this.#generation++;
    this.#sql = this.#newClient();
    const lost = new ConnectionLostError();
    for (const group of this.#open) {
      for (const statement of group) {
        // Rejected first, so the caller sees the lost connection and not the cancel's own 57014.
        statement.reject(lost);
        if (!statement.state) statement.cancel(); // still in the old client's queue: take it out unsent
      }
    }
    old.end({ timeout: 0 }).catch(() => {});
  }

  close(): Promise<void> {
    this.#closing = true;
    return this.#sql.end({ timeout: 5 });
  }
}
