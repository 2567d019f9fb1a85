import type { Database } from '@repo/database';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import type { TokenVerifier } from './auth/token-verifier';
import { ApiError } from './http/errors';
import { documentPipelineResponses } from './http/pipeline-responses';
import { DEFAULT_RATE_LIMITS, documentRateLimits, type RateLimits } from './http/rate-limits';
import { createRouter } from './http/router';
import type { Metrics } from './metrics';
import { requireUser } from './middleware/auth';
import { corsForBrowsers } from './middleware/cors-for-browsers';
import { errorHandler } from './middleware/error-handler';
import { httpMetrics } from './middleware/http-metrics';
import { requestBudget } from './middleware/request-budget';
import { requestLogger } from './middleware/request-logger';
import { type RlsRunnerFactory, rlsFor, withRls } from './middleware/rls';
import type { ProcessHealth } from './process-health';
import { healthRoutes } from './routes/health';
import { acceptInvitationRoutes, orgInvitationsRoutes } from './routes/invitations';
import { itemsRoutes } from './routes/items';
import { meRoutes } from './routes/me';
import { membersRoutes } from './routes/members';
import { metricsRoutes } from './routes/metrics';
import { orgsRoutes } from './routes/orgs';
import { ownershipRoutes } from './routes/ownership';

export interface AppDeps {
  db: Database;
  /**
   * How /v1 routes run their queries, per request: `rlsFor(db)` (the user's RLS transaction) when
   * left out. Benchmarks swap in a baseline here; routes only ever see the runner.
   */
  rls?: RlsRunnerFactory;
  verifyToken: TokenVerifier;
  logger: Logger;
  corsOrigins: string[];
  bodyLimitBytes: number;
  /** Per-user and per-org limits; DEFAULT_RATE_LIMITS (without the request budget) when left out. */
  rateLimits?: RateLimits;
  migrationsFolder?: string;
  /** Prometheus metrics; /metrics is served when given. */
  metrics?: Metrics;
  /** Required as a bearer token on /metrics when set. */
  metricsToken?: string;
  /** Unhandled errors the process survived; /readyz is 503 for a while after one. */
  processHealth?: ProcessHealth;
}

/** The whole HTTP API; index.ts serves it, tests call `app.request()` on it. */
export function createApp(deps: AppDeps) {
  const app = withRequestPipeline(createRouter(), deps);
  const rateLimits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  app.use('/v1/*', requestBudget(rateLimits));
  app.use('/v1/*', withRls(deps.rls ?? rlsFor(deps.db)));
  if (deps.metrics) app.route('/', metricsRoutes(deps.metrics, deps.metricsToken));
  const routes = app
    .route('/', healthRoutes(deps.db, deps.migrationsFolder, deps.processHealth))
    .route('/v1/me', meRoutes())
    .route('/v1/items', itemsRoutes())
    .route('/v1/orgs', orgsRoutes())
    .route('/v1/orgs', membersRoutes())
    .route('/v1/orgs', ownershipRoutes())
    .route('/v1/orgs', orgInvitationsRoutes(rateLimits))
    .route('/v1/invitations', acceptInvitationRoutes());

  app.openAPIRegistry.registerComponent('securitySchemes', 'supabaseAccessToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The Supabase Auth access token of the signed-in user.',
  });
  documentPipelineResponses(app.openAPIRegistry);
  documentRateLimits(app.openAPIRegistry);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'SaaS starter API',
      version: '1.0.0',
      description:
        'Every /v1 route runs inside a transaction carrying your JWT claims, so Postgres RLS decides.',
    },
    security: [{ supabaseAccessToken: [] }],
  });
  return routes;
}

/**
 * What every request passes through, in order: request id, metrics, log line, security headers, CORS,
 * body limit and (for /v1) the access token.
 */
function withRequestPipeline<T extends ReturnType<typeof createRouter>>(
  app: T,
  deps: Pick<AppDeps, 'logger' | 'corsOrigins' | 'bodyLimitBytes' | 'verifyToken' | 'metrics'>,
): T {
  app.use(requestId());
  if (deps.metrics) app.use(httpMetrics(deps.metrics));
  app.use(requestLogger(deps.logger));
  app.use(secureHeaders());
  app.use(
    '/v1/*',
    corsForBrowsers({
      origin: deps.corsOrigins,
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id'],
      maxAge: 600,
    }),
  );
  const limitBody = bodyLimit({
    maxSize: deps.bodyLimitBytes,
    onError: () => {
      throw new ApiError(
        413,
        'body_too_large',
        `Request bodies are limited to ${deps.bodyLimitBytes} bytes.`,
      );
    },
  });
  // GET and HEAD have no body (fetch's Request refuses one); only asking for it makes
  // @hono/node-server build a full web-standard Request, a few % of the API's CPU per read.
  app.use('/v1/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );
  app.use('/v1/*', requireUser(deps.verifyToken));
  app.onError(errorHandler);
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'route_not_found',
          message: `No route for ${c.req.method} ${c.req.path}.`,
          requestId: c.get('requestId'),
        },
      },
      404,
    ),
  );
  return app;
}

/** The API's route types, for the typed client in @repo/api/client. */
export type AppType = ReturnType<typeof createApp>;
