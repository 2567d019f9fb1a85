import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { createTableRelationsHelpers, extractTablesRelationalConfig } from 'drizzle-orm';
import { type PgDatabase, PgDialect } from 'drizzle-orm/pg-core';
import {
  drizzle,
  type PostgresJsDatabase,
  type PostgresJsQueryResultHKT,
} from 'drizzle-orm/postgres-js';
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js/session';
import postgres from 'postgres';
import type { JwtClaims } from './claims';
import { type DatabaseConfig, usesPreparedStatements } from './config';
import type { ConnectClient } from './rls/channel';
import { StatementLanes } from './rls/lanes';
import { callerSettings, prepared, type Unsafe } from './rls/settings';
import { TransactionChannels } from './rls/transactions';
import * as schema from './schema';

export type Schema = typeof schema;
type Relations = ExtractTablesWithRelations<Schema>;
/** What query functions take first: the RLS transaction, or (visibly) the admin client. */
export type Tx = PgDatabase<PostgresJsQueryResultHKT, Schema, Relations>;
export type RlsTransaction = PostgresJsTransaction<Schema, Relations>;

export interface RlsOptions {
  /**
   * `fn` runs exactly one statement (it may compute around it). The whole transaction (BEGIN,
   * claims, statement, COMMIT) is then queued at once and pipelined with other requests': one
   * round trip, no reserved connection. The statement is committed even if `fn` throws afterwards,
   * and a second statement throws before it is sent. Leave it off when you need several.
   */
  singleStatement?: boolean;
}

export interface Database {
  /**
   * Bypasses RLS (the connection's own role). Only for named service paths: migrations, seed,
   * health checks, benchmarks' baselines. A route that reaches for it must say why.
   */
  admin: PostgresJsDatabase<Schema>;
  /**
   * Runs `fn` in a transaction that carries the caller's JWT claims and switches to the role they
   * allow, so Row Level Security decides what every query inside sees and changes.
   */
  rls<T>(
    claims: JwtClaims,
    fn: (tx: RlsTransaction) => Promise<T>,
    options?: RlsOptions,
  ): Promise<T>;
  /** The underlying postgres.js pool, for health checks and raw SQL in tests. */
  sql: postgres.Sql;
  close(): Promise<void>;
}

export function createDatabase(config: DatabaseConfig): Database {
  const connect: ConnectClient = (options) => {
    const sql = postgres(config.url, {
      idle_timeout: config.idleTimeoutS,
      max_lifetime: config.maxLifetimeS,
      connect_timeout: config.connectTimeoutS,
      prepare: usesPreparedStatements(config.url, config.prepare),
      onnotice: () => {},
      connection: config.applicationName ? { application_name: config.applicationName } : {},
      ...options,
    });
    // drizzle sets the client's type parsers and serializers to the ones its mappers expect
    // (timestamps pass through as text, keeping microseconds); every pool needs the same.
    drizzle(sql);
    return sql;
  };
  // User requests get `lanes` connections shared by pipelined one-statement transactions and
  // `poolMax` connections leased to other transactions; the admin client (service paths) has two
  // of its own, so it never queues behind users.
  const lanes = config.lanes > 0 ? new StatementLanes(config.lanes, connect) : undefined;
  const transactions = new TransactionChannels(config.poolMax, connect);
  const sql = connect({ max: 2 });
  const admin = drizzle(
    Object.assign(Object.create(sql), {
      unsafe: (query: string, parameters?: never[], options?: postgres.UnsafeQueryOptions) =>
        prepared(sql, query, parameters, options),
    }),
    { schema },
  );

  // Built once: a per-transaction session only needs the dialect and the relational config.
  const dialect = new PgDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const relational = {
    fullSchema: schema,
    schema: tables.tables as Relations,
    tableNamesMap: tables.tableNamesMap,
  };
  // drizzle's session only calls `unsafe` on its client. There is no savepoint(), so nested
  // tx.transaction() is not available inside rls().
  const transactionOn = (unsafe: Unsafe): RlsTransaction => {
    const session = new PostgresJsSession({ unsafe } as never, dialect, relational);
    return new PostgresJsTransaction<Schema, Relations>(dialect, session as never, relational);
  };

  return {
    admin,
    async rls(claims, fn, options = {}) {
      const settings = callerSettings(claims, config.statementTimeoutMs);
      const run = (unsafe: Unsafe) => fn(transactionOn(unsafe));
      return options.singleStatement && lanes
        ? lanes.run(settings, run)
        : transactions.run(settings, run);
    },
    sql,
    close: async () => {
      await Promise.all([lanes?.close(), transactions.close(), sql.end({ timeout: 5 })]);
    },
  };
}
