/**
 * `pnpm --filter @repo/api worker` (`node dist/worker.js` in the image): runs the job worker on its
 * own, for deployments that keep it out of the API processes (set JOBS_CONCURRENCY=0 there).
 * JOBS_DATABASE_URL (or DATABASE_URL) must be a session connection, not a transaction pooler.
 */
import { env } from './env';
import { jobWorkerOptionsFrom } from './jobs/options-from-env';
import { startJobWorker } from './jobs/worker';
import { createLogger } from './logger';

const logger = createLogger(env.LOG_LEVEL);
const worker = await startJobWorker({
  ...jobWorkerOptionsFrom(env, logger),
  // JOBS_CONCURRENCY=0 keeps jobs out of the API processes; this process exists to run them.
  concurrency: Math.max(1, env.JOBS_CONCURRENCY),
});
logger.info(`job worker running ${Math.max(1, env.JOBS_CONCURRENCY)} at a time`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing running jobs`);
    setTimeout(() => process.exit(1), 30_000).unref();
    void worker.stop().then(() => process.exit(0));
  });
}
