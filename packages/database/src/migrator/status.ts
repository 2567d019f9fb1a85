import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type postgres from 'postgres';
import { defaultMigrationsFolder } from '../assets';
import { migrationsTable } from './folder';

export interface MigrationStatus {
  /** Every migration the code ships is applied, unchanged, and the database knows no others. */
  upToDate: boolean;
  applied: number;
  shipped: number;
  /** Shipped but not applied yet: run `pnpm db:migrate`. */
  pending: string[];
  /** Applied, but the file has changed since: someone edited a migration after it ran. */
  modified: string[];
  /** Applied rows this code does not ship: the database is ahead of, or diverged from, the code. */
  unknown: number;
}

interface AppliedRow {
  hash: string;
  created_at: string;
}

/** Compares the migrations applied to the database with the ones in `migrationsFolder`. */
export async function migrationStatus(
  sql: postgres.Sql | postgres.TransactionSql,
  migrationsFolder = defaultMigrationsFolder,
): Promise<MigrationStatus> {
  return (await inspectMigrations(sql, migrationsFolder)).status;
}

/** The status, plus the shipped migrations still to apply (in order). */
export async function inspectMigrations(
  sql: postgres.Sql | postgres.TransactionSql,
  migrationsFolder: string,
) {
  const shipped = shippedMigrations(migrationsFolder);
  const applied = await appliedMigrations(sql);
  const appliedByTime = new Map(applied.map((row) => [Number(row.created_at), row.hash]));
  const shippedTimes = new Set(shipped.map((m) => m.folderMillis));

  const pendingMigrations = shipped.filter((m) => !appliedByTime.has(m.folderMillis));
  const pending = pendingMigrations.map((m) => m.tag);
  const modified = shipped
    .filter(
      (m) => appliedByTime.has(m.folderMillis) && appliedByTime.get(m.folderMillis) !== m.hash,
    )
    .map((m) => m.tag);
  const unknown = applied.filter((row) => !shippedTimes.has(Number(row.created_at))).length;
  const status: MigrationStatus = {
    upToDate: pending.length === 0 && modified.length === 0 && unknown === 0,
    applied: applied.length,
    shipped: shipped.length,
    pending,
    modified,
    unknown,
  };
  return { status, pendingMigrations };
}

/** A one-line explanation for logs and /readyz. */
export function describeMigrationStatus(status: MigrationStatus): string {
  if (status.upToDate) return `database schema is up to date (${status.applied} migrations)`;
  const parts: string[] = [];
  if (status.pending.length) {
    parts.push(
      `${status.pending.length} pending migration(s) (${status.pending.join(', ')}): run \`pnpm db:migrate\``,
    );
  }
  if (status.modified.length) {
    parts.push(`applied migration(s) changed since they ran: ${status.modified.join(', ')}`);
  }
  if (status.unknown) {
    parts.push(
      `${status.unknown} applied migration(s) this code does not ship (database is ahead of the code)`,
    );
  }
  return `database schema does not match the code: ${parts.join('; ')}`;
}

type ShippedMigration = ReturnType<typeof readMigrationFiles>[number] & { tag: string };
const shippedCache = new Map<string, { journalMtimeMs: number; migrations: ShippedMigration[] }>();

/**
 * The migrations in `migrationsFolder`, read and hashed once per version of its journal: /readyz
 * asks on every probe, and the files only change when drizzle-kit writes a new one.
 */
function shippedMigrations(migrationsFolder: string): ShippedMigration[] {
  const journalMtimeMs = statSync(join(migrationsFolder, 'meta', '_journal.json')).mtimeMs;
  const cached = shippedCache.get(migrationsFolder);
  if (cached?.journalMtimeMs === journalMtimeMs) return cached.migrations;
  const journal = readJournal(migrationsFolder);
  const migrations = readMigrationFiles({ migrationsFolder }).map((migration, index) => ({
    ...migration,
    tag: journal[index] ?? String(migration.folderMillis),
  }));
  shippedCache.set(migrationsFolder, { journalMtimeMs, migrations });
  return migrations;
}

function readJournal(migrationsFolder: string): string[] {
  // readMigrationFiles returns entries in journal order but without their tags.
  const journal = readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8');
  const { entries } = JSON.parse(journal) as { entries: { tag: string }[] };
  return entries.map((entry) => entry.tag);
}

async function appliedMigrations(
  sql: postgres.Sql | postgres.TransactionSql,
): Promise<AppliedRow[]> {
  const [table] = await sql<{ exists: boolean }[]>`
    select to_regclass(${`${migrationsTable.schema}.${migrationsTable.table}`}) is not null as exists`;
  if (!table?.exists) return [];
  return sql.unsafe<AppliedRow[]>(
    `select hash, created_at::text as created_at from "${migrationsTable.schema}"."${migrationsTable.table}" order by created_at`,
  );
}
