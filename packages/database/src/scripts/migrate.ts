import { databaseEnv } from '../env';
import { installJobQueue } from '../jobs/install';
import { applyMigrations } from '../migrations/apply';
import { describeMigrationStatus } from '../migrations/status';
import { withDevDatabase } from './dev-database';

/** `pnpm db:migrate`: apply pending migrations to DATABASE_URL (safe to run again). */
const { before, after } = await withDevDatabase(databaseEnv.DATABASE_URL, async (sql) => {
  const result = await applyMigrations(sql);
  await installJobQueue(databaseEnv.DATABASE_URL);
  return result;
});
console.log(
  before.pending.length
    ? `Applied ${before.pending.length} migration(s): ${before.pending.join(', ')}`
    : 'No pending migrations.',
);
console.log(describeMigrationStatus(after));
