/**
 * Child process of api.bench.ts: serves GET /v1/items three ways on the ports in BENCH_PORTS, against
 * BENCH_DATABASE_URL. Logs go to /dev/null at info level, as in production; each target pays the
 * per-user request budget as the production API does.
 */
import { serve } from '@hono/node-server';
import { createDatabase, createRateLimitStore } from '@repo/database';
import pino from 'pino';
import postgres from 'postgres';
import { createApp } from '../src/app';
import { createTokenVerifier } from '../src/auth/token-verifier';
import { cachingTokenVerifier } from '../src/auth/verified-token-cache';

const url = process.env.BENCH_DATABASE_URL!;
const secret = process.env.BENCH_JWT_SECRET!;
const db = createDatabase({
  url,
  poolMax: 10,
  lanes: 2,
  idleTimeoutS: 20,
  maxLifetimeS: 1800,
  connectTimeoutS: 10,
  statementTimeoutMs: 8000,
  prepare: true,
});
const deps = {
  db,
  verifyToken: cachingTokenVerifier(
    createTokenVerifier({
      jwtSecret: secret,
      jwksUrl: new URL('http://127.0.0.1:9/auth/v1/.well-known/jwks.json'),
      issuer: 'http://127.0.0.1:54321/auth/v1',
      audience: 'authenticated',
    }),
  ),
  logger: pino({ level: 'info' }, pino.destination('/dev/null')),
  corsOrigins: ['http://127.0.0.1:3000'],
  bodyLimitBytes: 65536,
  // The per-user request budget as in production: its own connection, shared by the targets.
  rateLimits: {
    store: createRateLimitStore(postgres(url, { max: 1, onnotice: () => {} })),
    requestsPerMinute: 600,
    invitationsPerUserPerHour: 20,
    invitationsPerOrgPerHour: 50,
  },
};

/** The same app, pipeline and handlers; only the per-request runner of the queries differs. */
const apps = {
  // The API as shipped: the list is one statement, so rls() pipelines COMMIT behind it.
  rls: createApp(deps),
  // The general rls() transaction (COMMIT after the result: two round trips).
  'rls-tx': createApp({ ...deps, rls: (user) => (fn) => db.rls(user.claims, fn) }),
  // No RLS: the admin client with the explicit owner filter only.
  admin: createApp({ ...deps, rls: () => (fn) => fn(db.admin) }),
};
const ports = JSON.parse(process.env.BENCH_PORTS!) as Record<keyof typeof apps, number>;
for (const [name, app] of Object.entries(apps)) {
  serve({ fetch: app.fetch, hostname: '127.0.0.1', port: ports[name as keyof typeof apps] });
}
process.send?.('ready');
