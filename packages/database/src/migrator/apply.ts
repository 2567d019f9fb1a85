import type postgres from 'postgres';
import { defaultMigrationsFolder } from '../assets';
import { migrationsTable } from './folder';
import {
  describeMigrationStatus,
  inspectMigrations,
  type MigrationStatus,
  migrationStatus,
} from './status';

export interface ApplyMigrationsResult {
  before: MigrationStatus;
  after: MigrationStatus;
}

/** Any constant works; it only has to be the same for every deploy of this project. */
const MIGRATION_LOCK_KEY = 7_246_931_001;

/**
 * Brings the database to the code's schema in one transaction: every pending drizzle-kit migration,
 * recorded in drizzle's own table so drizzle-kit keeps working. The database must be Supabase's, or
 * a plain PostgreSQL given Supabase's roles and `auth` schema first (`@repo/local-dev`). Refuses a database whose applied migrations were edited or that has
 * migrations this code does not ship. Safe to repeat, and to start twice at once: a transaction
 * advisory lock makes the second run wait, then find nothing to do.
 */
export async function applyMigrations(
  sql: postgres.Sql,
  migrationsFolder = defaultMigrationsFolder,
): Promise<ApplyMigrationsResult> {
  const before = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    const { status, pendingMigrations } = await inspectMigrations(tx, migrationsFolder);
    if (status.modified.length || status.unknown) {
      throw new Error(`refusing to migrate: ${describeMigrationStatus(status)}`);
    }
    await tx.unsafe(`
      create schema if not exists "${migrationsTable.schema}";
      create table if not exists "${migrationsTable.schema}"."${migrationsTable.table}" (
        id serial primary key, hash text not null, created_at bigint)`);
    for (const migration of pendingMigrations) {
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.unsafe(statement);
      }
      await tx.unsafe(
        `insert into "${migrationsTable.schema}"."${migrationsTable.table}" (hash, created_at) values ($1, $2)`,
        [migration.hash, migration.folderMillis],
      );
    }
    return status;
  });
  return { before, after: await migrationStatus(sql, migrationsFolder) };
}
