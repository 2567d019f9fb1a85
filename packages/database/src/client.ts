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
import { connectionUrl, type DatabaseConfig, usesPreparedStatements } from './config';
import type { ConnectClient } from './rls/channel';
import { type PoolStats, RlsPool } from './rls/pool';
import { RecentWriters } from './rls/recent-writers';
import { callerSettings, prepared, type Unsafe } from './rls/settings';
import { databaseUnavailable } from './rls/unavailable';
import * as schema from './schema';

type Schema = typeof schema;
type Relations = ExtractTablesWithRelations<Schema>;
/** What query functions take first: the RLS transaction, or (visibly) the admin client. */
export type Tx = PgDatabase<PostgresJsQueryResultHKT, Schema, Relations>;
type RlsTransaction = PostgresJsTransaction<Schema, Relations>;

export interface RlsOptions {
  /**
   * `fn` runs exactly one statement (it may compute around it). The whole transaction (BEGIN,
   * claims, statement, COMMIT) is then sent at once: one round trip. With `readOnly` it is also
   * pipelined with other requests' reads on a shared lane (no leased connection). The statement
   * is committed even if `fn` throws afterwards, and a second statement throws before it is sent.
   * Leave it off when you need several.
   */
  singleStatement?: boolean;
  /**
   * `fn` only reads: the transaction is READ ONLY and may run on a read replica, unless this user
   * wrote in the last DATABASE_REPLICA_STICKY_MS (they would not see their own write there).
   * A read that loses its connection is run once more on a fresh one (it is safe to repeat).
   */
  readOnly?: boolean;
}

interface DatabaseStats {
  primary: PoolStats;
  replicas: PoolStats[];
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
  /** The admin pool (postgres.js), for health checks and raw SQL in tests. */
  sql: postgres.Sql;
  /** One client per replica (admin role), e.g. to read replication lag. */
  replicaSql: postgres.Sql[];
  stats(): DatabaseStats;
  close(): Promise<void>;
}

export function createDatabase(
  config: DatabaseConfig,
  hooks: { onQueryError?: (error: unknown) => void } = {},
): Database {
  const clientFor =
    (url: string): ConnectClient =>
    (options) => {
      const sql = postgres(connectionUrl(url), {
        idle_timeout: config.idleTimeoutS,
        max_lifetime: config.maxLifetimeS,
        connect_timeout: config.connectTimeoutS,
        prepare: usesPreparedStatements(url, config.prepare),
        // No array-type lookup on each new connection: its promise is dropped by postgres.js, so a
        // connection killed during the lookup is an unhandled rejection (a crashed process). drizzle
        // reads and writes array columns as text itself; nothing here needs the driver's parsers.
        fetch_types: false,
        onnotice: () => {},
        connection: config.applicationName ? { application_name: config.applicationName } : {},
        ...options,
      });
      // drizzle sets the client's type parsers and serializers to the ones its mappers expect
      // (timestamps pass through as text, keeping microseconds); every client needs the same.
      drizzle(sql);
      return sql;
    };
  const sizes = {
    lanes: config.lanes,
    poolMax: config.poolMax,
    readPoolMax: config.readPoolMax ?? 0,
    acquireTimeoutMs: config.acquireTimeoutMs ?? 2_000,
  };
  const limits = {
    statementTimeoutMs: config.statementTimeoutMs,
    lockTimeoutMs: config.lockTimeoutMs ?? 2_000,
    idleInTransactionTimeoutMs: config.idleInTransactionTimeoutMs ?? 5_000,
  };
  const primary = new RlsPool(clientFor(config.url), sizes);
  const replicaUrls = config.replicaUrls ?? [];
  const replicas = replicaUrls.map((url) => new RlsPool(clientFor(url), sizes));
  const replicaSql = replicaUrls.map((url) => clientFor(url)({ max: 1 }));
  const recentWriters = new RecentWriters(config.replicaStickyMs ?? 10_000);
  let nextReplica = 0;

  // The admin client has two connections of its own, so service paths never queue behind users.
  const sql = clientFor(config.url)({ max: 2 });
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

  async function rls<T>(
    claims: JwtClaims,
    fn: (tx: RlsTransaction) => Promise<T>,
    options: RlsOptions = {},
  ): Promise<T> {
    const settings = callerSettings(claims, limits);
    const run = (unsafe: Unsafe) => fn(transactionOn(unsafe));
    const singleStatement = options.singleStatement ?? false;
    const user = typeof claims.sub === 'string' ? claims.sub : undefined;
    try {
      if (!options.readOnly) {
        if (user && replicas.length) recentWriters.wrote(user);
        return await primary.run(settings, run, { singleStatement, readOnly: false });
      }
      const readOptions = { singleStatement, readOnly: true };
      const replica =
        replicas.length && !(user && recentWriters.recent(user))
          ? replicas[nextReplica++ % replicas.length]
          : undefined;
      const read = () => primary.run(settings, run, readOptions);
      // A read is safe to repeat: one that lost its connection (a killed backend, a restart, a
      // failover) runs once more on a fresh one; an unreachable replica falls back to the primary.
      const first = replica ? replica.run(settings, run, readOptions) : read();
      return await first.catch((error: unknown) => {
        if (databaseUnavailable(error) === 'connection') return read();
        throw error;
      });
    } catch (error) {
      hooks.onQueryError?.(error);
      throw error;
    }
  }

  return {
    admin,
    rls,
    sql,
    replicaSql,
    stats: () => ({ primary: primary.stats(), replicas: replicas.map((pool) => pool.stats()) }),
    close: async () => {
      await Promise.all([
        primary.close(),
        ...replicas.map((pool) => pool.close()),
        ...replicaSql.map((client) => client.end({ timeout: 5 })),
        sql.end({ timeout: 5 }),
      ]);
    },
  };
}
