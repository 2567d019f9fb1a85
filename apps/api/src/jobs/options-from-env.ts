import type { Logger } from 'pino';
import type { Env } from '../env';
import { createInvitationMailer } from '../mail/invitation-mailer';
import type { JobWorkerOptions } from './worker';

/** The job worker as the environment configures it, for the API process and `pnpm worker` alike. */
export function jobWorkerOptionsFrom(env: Env, logger: Logger): JobWorkerOptions {
  return {
    databaseUrl: env.JOBS_DATABASE_URL ?? env.DATABASE_URL,
    concurrency: env.JOBS_CONCURRENCY,
    mailer: createInvitationMailer({
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      timeoutMs: env.SMTP_TIMEOUT_MS,
    }),
    webUrl: env.WEB_URL,
    logger,
  };
}
