/**
 * The deploy step (`pnpm --filter @repo/api migrate`, or `node dist/migrate.js` in the image):
 * applies pending migrations to DATABASE_URL and exits. Safe to run twice, and from two deploys at
 * once; refuses a database whose applied migrations were edited or that is ahead of this build.
 * Also installs or upgrades the job queue's schema. Use a direct or session-pooler connection.
 */
import { connectionUrl, installJobQueue } from '@repo/database';
import { applyMigrations, describeMigrationStatus } from '@repo/database/migrator';
import postgres from 'postgres';
import { env } from './env';

const sql = postgres(connectionUrl(env.DATABASE_URL), {
  max: 2,
  connect_timeout: env.DATABASE_CONNECT_TIMEOUT_S,
  onnotice: () => {},
});
try {
  const { before, after } = await applyMigrations(sql, env.MIGRATIONS_DIR);
  // The job queue's schema (graphile-worker's own migrations), which the app's functions call.
  await installJobQueue(env.JOBS_DATABASE_URL ?? env.DATABASE_URL);
  console.log(
    before.pending.length
      ? `Applied ${before.pending.length} migration(s): ${before.pending.join(', ')}`
      : 'No pending migrations.',
  );
  console.log(describeMigrationStatus(after));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 5 });
}
