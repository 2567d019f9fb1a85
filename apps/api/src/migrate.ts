/**
 * The deploy step (`pnpm --filter @repo/api migrate`, or `node dist/migrate.js` in the image):
 * applies pending migrations to DATABASE_URL and exits. Safe to run twice, and from two deploys at
 * once; refuses a database whose applied migrations were edited or that is ahead of this build.
 * Also installs or upgrades the job queue's schema. Use a direct or session-pooler connection.
 */
import { connectionUrl } from '@repo/database';
import { migrate } from '@repo/database/migrator';
import postgres from 'postgres';
import { env } from './env';

const sql = postgres(connectionUrl(env.DATABASE_URL), {
  max: 2,
  connect_timeout: env.DATABASE_CONNECT_TIMEOUT_S,
  onnotice: () => {},
});
try {
  const { report } = await migrate(sql, {
    jobQueueUrl: env.JOBS_DATABASE_URL ?? env.DATABASE_URL,
    migrationsFolder: env.MIGRATIONS_DIR,
  });
  console.log(report);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 5 });
}
