import { serve } from '@hono/node-server';
import {
  connectionUrl,
  createDatabase,
  createRateLimitStore,
  databaseConfigFrom,
  usesPreparedStatements,
} from '@repo/database';
import { describeMigrationStatus, migrationStatus } from '@repo/database/migrator';
import postgres from 'postgres';
import { createApp } from './app';
import { createTokenVerifier } from './auth/token-verifier';
import { cachingTokenVerifier } from './auth/verified-token-cache';
import { env } from './env';
import { jobWorkerOptionsFrom } from './jobs/options-from-env';
import { type JobWorker, keepStartingJobs } from './jobs/worker';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { guardUnhandledRejections, ProcessHealth } from './process-health';

const logger = createLogger(env.LOG_LEVEL);
// First, before anything opens a connection: a rejection a driver drops must not end the process.
const processHealth = new ProcessHealth();
guardUnhandledRejections(processHealth, logger);
const metrics = createMetrics();
const db = createDatabase(databaseConfigFrom(env, 'api'), {
  onQueryError: metrics.countQueryError,
});
metrics.watch(db);
const migrationsFolder = env.MIGRATIONS_DIR;

// Schema validation on start-up: say plainly when the database is behind this build.
try {
  const status = await migrationStatus(db.sql, migrationsFolder);
  if (status.upToDate) logger.info(describeMigrationStatus(status));
  else logger.warn({ migrations: status }, describeMigrationStatus(status));
} catch (error) {
  logger.error(
    { err: error },
    'database unreachable at start-up; /readyz reports not ready until it answers',
  );
}

// The rate-limit counters get a connection of their own: one pipelined statement per request,
// never queued behind user transactions.
const rateLimitSql = postgres(connectionUrl(env.DATABASE_URL), {
  max: 1,
  idle_timeout: env.DATABASE_IDLE_TIMEOUT_S,
  connect_timeout: env.DATABASE_CONNECT_TIMEOUT_S,
  prepare: usesPreparedStatements(env.DATABASE_URL, databaseConfigFrom(env).prepare),
  onnotice: () => {},
  connection: { application_name: 'api-rate-limits' },
});

// Side effects (emails) run here, after COMMIT, unless JOBS_CONCURRENCY=0 (then `pnpm worker`).
let jobs: JobWorker | undefined;
const jobsStarted = keepStartingJobs(jobWorkerOptionsFrom(env, logger), (worker) => {
  jobs = worker;
});

const app = createApp({
  db,
  // A user's token is checked once, then remembered until its exp (bounded; see the file).
  verifyToken: cachingTokenVerifier(
    createTokenVerifier({
      jwtSecret: env.SUPABASE_JWT_SECRET,
      jwksUrl: new URL('/auth/v1/.well-known/jwks.json', env.SUPABASE_URL),
      issuer: env.SUPABASE_JWT_ISSUER ?? new URL('/auth/v1', env.SUPABASE_URL).toString(),
      audience: env.SUPABASE_JWT_AUDIENCE,
    }),
  ),
  logger,
  corsOrigins: env.CORS_ORIGINS,
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  rateLimits: {
    store: createRateLimitStore(rateLimitSql),
    requestsPerMinute: env.RATE_LIMIT_REQUESTS_PER_MINUTE,
    invitationsPerUserPerHour: env.RATE_LIMIT_INVITATIONS_PER_USER_PER_HOUR,
    invitationsPerOrgPerHour: env.RATE_LIMIT_INVITATIONS_PER_ORG_PER_HOUR,
  },
  migrationsFolder,
  metrics,
  metricsToken: env.METRICS_TOKEN,
  processHealth,
});

const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) =>
  logger.info(`API listening on http://${info.address}:${info.port}`),
);

// Graceful shutdown: stop accepting, let in-flight requests finish, then close the pool.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: draining`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    server.close(async () => {
      jobsStarted.cancel();
      // Running jobs finish (SMTP_TIMEOUT_MS bounds them); queued ones wait for the next start.
      await jobs?.stop();
      await Promise.all([db.close(), rateLimitSql.end({ timeout: 5 })]);
      clearTimeout(force);
      logger.info('stopped');
      process.exit(0);
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}
