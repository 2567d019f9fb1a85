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
import { type ConnectClient, ConnectionLostError } from './rls/channel';
import { type PoolStats, RlsPool } from './rls/pool';
import { RecentWriters } from './rls/recent-writers';
import { callerSettings, prepared, type Unsafe } from './rls/settings';
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
   * round trip, no leased connection. The statement is committed even if `fn` throws afterwards,
   * and a second statement throws before it is sent. Leave it off when you need several.
   */
  singleStatement?: boolean;
  /**
   * `fn` only reads: the transaction is READ ONLY and may run on a read replica, unless this user
   * wrote in the last DATABASE_REPLICA_STICKY_MS (they would not see their own write there).
   */
  readOnly?: boolean;
}

export interface DatabaseStats {
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
        onnotice: () => {},
        connection: config.applicationName ? { application_name: config.applicationName } : {},
        ...options,
      });
      // drizzle sets the client's type parsers and serializers to the ones its mappers expect
      // (timestamps pass through as text, keeping microseconds); every client needs the same.
      drizzle(sql);
      return sql;
    };
  const sizes = { lanes: config.lanes, poolMax: config.poolMax };
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
    const settings = callerSettings(claims, config.statementTimeoutMs);
    const run = (unsafe: Unsafe) => fn(transactionOn(unsafe));
    const singleStatement = options.singleStatement ?? false;
    const user = typeof claims.sub === 'string' ? claims.sub : undefined;
    try {
      if (!options.readOnly) {
        if (user && replicas.length) recentWriters.wrote(user);
        return await primary.run(settings, run, { singleStatement, begin: 'begin' });
      }
      const readOptions = { singleStatement, begin: 'begin read only' };
      const replica =
        replicas.length && !(user && recentWriters.recent(user))
          ? replicas[nextReplica++ % replicas.length]
          : undefined;
      if (!replica) return await primary.run(settings, run, readOptions);
      // A replica that cannot be reached should not fail the read: the primary has the data.
      return await replica.run(settings, run, readOptions).catch((error: unknown) => {
        if (isConnectionError(error)) return primary.run(settings, run, readOptions);
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

/** Errors that say the server could not be reached or went away, not that the query failed. */
function isConnectionError(error: unknown): boolean {
  if (error instanceof ConnectionLostError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('CONNECT') ||
      code.startsWith('08') ||
      ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03'].includes(code))
  );
}
