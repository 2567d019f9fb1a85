/**
 * `pnpm --filter @repo/api worker` (`node dist/worker.js` in the image): runs the job worker on its
 * own, for deployments that keep it out of the API processes (set JOBS_CONCURRENCY=0 there).
 * JOBS_DATABASE_URL (or DATABASE_URL) must be a session connection, not a transaction pooler.
 */
import { env } from './env';
import { startJobWorker } from './jobs/worker';
import { createLogger } from './logger';
import { createInvitationMailer } from './mail/invitation-mailer';

const logger = createLogger(env.LOG_LEVEL);
const worker = await startJobWorker({
  databaseUrl: env.JOBS_DATABASE_URL ?? env.DATABASE_URL,
  concurrency: Math.max(1, env.JOBS_CONCURRENCY),
  mailer: createInvitationMailer({
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    timeoutMs: env.SMTP_TIMEOUT_MS,
  }),
  webUrl: env.WEB_URL,
  logger,
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
