import { serve } from '@hono/node-server';
import {
  createDatabase,
  databaseConfigFrom,
  describeMigrationStatus,
  migrationStatus,
} from '@repo/database';
import { createApp } from './app';
import { createTokenVerifier } from './auth/token-verifier';
import { env } from './env';
import { createLogger } from './logger';
import { createInvitationMailer } from './mail/invitation-mailer';
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

const app = createApp({
  db,
  verifyToken: createTokenVerifier({
    jwtSecret: env.SUPABASE_JWT_SECRET,
    jwksUrl: new URL('/auth/v1/.well-known/jwks.json', env.SUPABASE_URL),
    issuer: env.SUPABASE_JWT_ISSUER ?? new URL('/auth/v1', env.SUPABASE_URL).toString(),
    audience: env.SUPABASE_JWT_AUDIENCE,
  }),
  sendInvitation: createInvitationMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM }),
  logger,
  corsOrigins: env.CORS_ORIGINS,
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  webUrl: env.WEB_URL,
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
      await db.close();
      clearTimeout(force);
      logger.info('stopped');
      process.exit(0);
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}
