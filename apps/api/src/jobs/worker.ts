import { connectionUrl, installJobQueue, JOB_QUEUE_SCHEMA } from '@repo/database';
import { parseCrontab, run, type TaskList, Logger as WorkerLogger } from 'graphile-worker';
import type { Logger } from 'pino';
import type { InvitationMailer } from '../mail/invitation-mailer';
import { sendInvitationEmailTask } from './send-invitation-email';

export interface JobWorkerOptions {
  /** A session connection (direct or session pooler): the worker LISTENs and holds locks. */
  databaseUrl: string;
  concurrency: number;
  mailer: InvitationMailer;
  webUrl: string;
  logger: Logger;
  /** How often to look for due jobs (retries) besides LISTEN/NOTIFY; graphile-worker's default 2 s. */
  pollIntervalMs?: number;
}

export interface JobWorker {
  /** Stops taking jobs, waits for the running ones, closes the worker's connections. */
  stop(): Promise<void>;
}

/** Every task the worker runs, by the identifier jobs are queued under. */
function jobTasks(options: Pick<JobWorkerOptions, 'mailer' | 'webUrl'>): TaskList {
  return {
    send_invitation_email: sendInvitationEmailTask(options.mailer, options.webUrl),
    // Counters of past windows are dead weight: sweep them hourly.
    prune_rate_limits: async (_payload, helpers) => {
      await helpers.withPgClient((client) =>
        client.query(
          `delete from private.rate_limits where window_start < now() - interval '1 day'`,
        ),
      );
    },
  };
}

/**
 * Installs the queue's schema if needed and runs graphile-worker in this process: jobs are picked
 * up on NOTIFY when queued, retried with exponential backoff when they throw. Signals are left to
 * the caller, which stops the worker as part of its own shutdown.
 */
export async function startJobWorker(options: JobWorkerOptions): Promise<JobWorker> {
  const logger = workerLogger(options.logger);
  await installJobQueue(options.databaseUrl, logger);
  // Named in pg_stat_activity, so an operator can tell the worker's connections from the API's.
  const url = new URL(connectionUrl(options.databaseUrl));
  if (!url.searchParams.has('application_name')) url.searchParams.set('application_name', 'jobs');
  const runner = await run({
    connectionString: url.toString(),
    schema: JOB_QUEUE_SCHEMA,
    concurrency: options.concurrency,
    // One connection per concurrent job, one to LISTEN, one spare for the bookkeeping.
    maxPoolSize: options.concurrency + 2,
    pollInterval: options.pollIntervalMs ?? 2_000,
    noHandleSignals: true,
    logger,
    taskList: jobTasks(options),
    parsedCronItems: parseCrontab('17 * * * * prune_rate_limits'),
    // Batched (even with no delay), completions and failures are flushed before the pool closes
    // on stop(); unbatched, a job that ends during shutdown can stay locked for hours.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  return { stop: () => runner.stop() };
}

/** graphile-worker's log lines through the API's pino logger. */
function workerLogger(log: Logger): WorkerLogger {
  const jobs = log.child({ component: 'jobs' });
  return new WorkerLogger(() => (level, message, meta) => {
    const method =
      level === 'error'
        ? 'error'
        : level === 'warning'
          ? 'warn'
          : level === 'info'
            ? 'info'
            : 'debug';
    jobs[method](meta ?? {}, message);
  });
}

/**
 * Starts the worker (or, with concurrency 0, only installs the queue's schema, which the API's
 * enqueueing needs), retrying with backoff while the database cannot be reached, so the API can
 * start before its database. `cancel()` stops trying (shutdown).
 */
export function keepStartingJobs(
  options: JobWorkerOptions,
  started: (worker: JobWorker | undefined) => void,
): { cancel(): void } {
  let cancelled = false;
  void (async () => {
    for (let delayMs = 1_000; !cancelled; delayMs = Math.min(delayMs * 2, 30_000)) {
      try {
        if (options.concurrency > 0) {
          const worker = await startJobWorker(options);
          if (cancelled) await worker.stop();
          else started(worker);
        } else {
          await installJobQueue(options.databaseUrl, workerLogger(options.logger));
          started(undefined);
        }
        return;
      } catch (error) {
        options.logger.error(
          { err: error },
          `job queue could not start; retrying in ${delayMs / 1000} s`,
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  })();
  return {
    cancel: () => {
      cancelled = true;
    },
  };
}
