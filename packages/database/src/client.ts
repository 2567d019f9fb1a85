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
import { type JwtClaims, rlsRoleFor } from './claims';
import { type DatabaseConfig, usesPreparedStatements } from './config';
import * as schema from './schema';

export type Schema = typeof schema;
type Relations = ExtractTablesWithRelations<Schema>;
/** What query functions take first: the RLS transaction, or (visibly) the admin client. */
export type Tx = PgDatabase<PostgresJsQueryResultHKT, Schema, Relations>;
export type RlsTransaction = PostgresJsTransaction<Schema, Relations>;

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
  rls<T>(claims: JwtClaims, fn: (tx: RlsTransaction) => Promise<T>): Promise<T>;
  /** The underlying postgres.js pool, for health checks and raw SQL in tests. */
  sql: postgres.Sql;
  close(): Promise<void>;
}

export function createDatabase(config: DatabaseConfig): Database {
  const sql = postgres(config.url, {
    max: config.poolMax,
    idle_timeout: config.idleTimeoutS,
    max_lifetime: config.maxLifetimeS,
    connect_timeout: config.connectTimeoutS,
    prepare: usesPreparedStatements(config.url, config.prepare),
    onnotice: () => {},
    connection: config.applicationName ? { application_name: config.applicationName } : {},
  });
  const admin = drizzle(sql, { schema });

  // Built once: a per-transaction session only needs the dialect and the relational config.
  const dialect = new PgDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const relational = {
    fullSchema: schema,
    schema: tables.tables as Relations,
    tableNamesMap: tables.tableNamesMap,
  };
  // drizzle's transaction types expect postgres.js's TransactionSql; a reserved connection runs the
  // same queries but has no savepoint(), so tx.transaction() is not available inside rls().
  const transactionOn = (connection: postgres.ReservedSql): RlsTransaction => {
    const session = new PostgresJsSession(connection as never, dialect, relational);
    return new PostgresJsTransaction<Schema, Relations>(dialect, session as never, relational);
  };
  const statementTimeout = String(config.statementTimeoutMs);

  async function rls<T>(claims: JwtClaims, fn: (tx: RlsTransaction) => Promise<T>): Promise<T> {
    const role = rlsRoleFor(claims);
    const connection = await sql.reserve();
    // BEGIN and the settings are not awaited: postgres.js pipelines them on the reserved
    // connection, so they reach the server together with fn's first query (one round trip).
    // The claims are a bound parameter and the role comes from the allowlist above.
    const setup = Promise.all([
      connection.unsafe('begin'),
      connection`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                        set_config('role', ${role}, true),
                        set_config('statement_timeout', ${statementTimeout}, true)`,
    ]);
    const setupError = setup.then(
      () => undefined,
      (error: unknown) => error,
    );
    try {
      const result = await fn(transactionOn(connection));
      await setup;
      await connection.unsafe('commit');
      return result;
    } catch (error) {
      await connection.unsafe('rollback').catch(() => {});
      // When the setup failed, fn only saw "current transaction is aborted"; report the cause.
      throw (await setupError) ?? error;
    } finally {
      connection.release();
    }
  }

  return {
    admin,
    rls,
    sql,
    close: () => sql.end({ timeout: 5 }),
  };
}
