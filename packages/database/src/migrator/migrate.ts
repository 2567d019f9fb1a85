import type postgres from 'postgres';
import { installJobQueue } from '../jobs/install';
import { type ApplyMigrationsResult, applyMigrations } from './apply';
import { describeMigrationStatus } from './status';

export interface MigrateOptions {
  /** Session connection for the job queue's own migrations (default: the one `sql` uses). */
  jobQueueUrl: string;
  /** Where the shipped migrations are (default: this package's `migrations/`). */
  migrationsFolder?: string;
}

export interface MigrateResult extends ApplyMigrationsResult {
  /** What was applied and where the database stands now, for the command's output. */
  report: string;
}

/**
 * The one way a database is brought to the code's schema, shared by every command that does it
 * (`pnpm db:migrate`, the API image's migrate command, `pnpm dev`, `pnpm db:reset`): pending
 * migrations, then the job queue's schema, which the app's functions call. Safe to repeat.
 */
export async function migrate(sql: postgres.Sql, options: MigrateOptions): Promise<MigrateResult> {
  const result = await applyMigrations(sql, options.migrationsFolder);
  await installJobQueue(options.jobQueueUrl);
  const { before, after } = result;
  const applied = before.pending.length
    ? `Applied ${before.pending.length} migration(s): ${before.pending.join(', ')}`
    : 'No pending migrations.';
  return { ...result, report: `${applied}\n${describeMigrationStatus(after)}` };
}
