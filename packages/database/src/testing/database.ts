import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import './provided-context';
import { createDatabase, type Database } from '../client';
import type { DatabaseConfig } from '../config';
import { TEMPLATE_DATABASE, withDatabase } from './postgres';

export interface TestDatabase {
  url: string;
  db: Database;
  /** A pool without RLS, for arranging rows and asserting on them. */
  sql: postgres.Sql;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, on the run's embedded PostgreSQL. */
export async function createTestDatabase(
  options: { poolMax?: number; lanes?: number; acquireTimeoutMs?: number } = {},
): Promise<TestDatabase> {
  const serverUrl = inject('testPostgresUrl');
  const root = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `test_${randomBytes(6).toString('hex')}`;
  await root.unsafe(`create database ${name} template ${TEMPLATE_DATABASE}`);
  const url = withDatabase(serverUrl, name);
  const db = createDatabase(
    testDatabaseConfig(url, {
      poolMax: options.poolMax ?? 4,
      lanes: options.lanes ?? 2,
      // Unbounded unless a test is about it: isolation suites queue hundreds of requests on purpose.
      acquireTimeoutMs: options.acquireTimeoutMs ?? 0,
    }),
  );
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    url,
    db,
    sql,
    async drop() {
      await Promise.all([db.close(), sql.end()]);
      await root.unsafe(`drop database if exists ${name} with (force)`);
      await root.end();
    },
  };
}

/** The pool settings test suites use for a database of their own; `overrides` for what a test is about. */
export function testDatabaseConfig(
  url: string,
  overrides: Partial<DatabaseConfig> = {},
): DatabaseConfig {
  return {
    url,
    poolMax: 2,
    lanes: 1,
    idleTimeoutS: 5,
    maxLifetimeS: 60,
    connectTimeoutS: 10,
    statementTimeoutMs: 10_000,
    prepare: true,
    ...overrides,
  };
}
