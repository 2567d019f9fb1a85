import { databaseEnv } from '../env';
import { migrate } from '../migrator/migrate';
import { withDevDatabase } from './dev-database';

/** `pnpm db:migrate`: apply pending migrations to DATABASE_URL (safe to run again). */
const { report } = await withDevDatabase(databaseEnv.DATABASE_URL, (sql) =>
  migrate(sql, { jobQueueUrl: databaseEnv.DATABASE_URL }),
);
console.log(report);
