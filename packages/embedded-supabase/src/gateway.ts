import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { ApiKeys } from './keys';
import type { Realtime } from './realtime';
import { safeEqual } from './secure';

export interface GatewayOptions {
  keys: ApiKeys;
  /** GoTrue's API at its internal root; served under /auth/v1. */
  auth: Hono;
  /** Realtime's HTTP API; served under /realtime/v1/api when Realtime runs. */
  realtimeApi?: Hono;
  /** The Data API (PostgREST's interface); served under /rest/v1. */
  rest?: Hono;
}

/**
 * GoTrue routes a browser reaches from an email or a provider without an API key (Kong's
 * auth-v1-open*), plus the JWKS, which servers fetch to verify tokens and which is public on
 * hosted Supabase too.
 */
const OPEN_AUTH_ROUTES = [
  '/auth/v1/verify',
  '/auth/v1/callback',
  '/auth/v1/authorize',
  '/auth/v1/.well-known/jwks.json',
];

/**
 * Request body limits of the hosted services: GoTrue reads at most 1 MiB (limitRequestBody in
 * its api.go); Realtime refuses broadcast payloads over its tenant default of 3000 kB
 * (max_payload_size_in_kb). Larger bodies get 413 before anything is buffered past the limit.
 */
export const BODY_LIMITS = { auth: 1024 * 1024, realtimeApi: 3000 * 1000 } as const;

/** Kong's request-size-limiting answer. */
const tooLarge = (c: Context) => c.json({ message: 'Request size limit exceeded' }, 413);

/**
 * Hono's body limit, for requests that carry a body. One with neither Content-Length nor
 * Transfer-Encoding has none (HTTP/1.1), e.g. supabase-js's DELETE /user/identities/:id, and
 * hono would wrap its empty stream in a new Request, which the Node adapter's Request refuses.
 */
function limitBody(maxSize: number) {
  const limit = bodyLimit({ maxSize, onError: tooLarge });
  return createMiddleware(async (c, next) => {
    const hasBody = c.req.header('content-length') || c.req.header('transfer-encoding');
    return hasBody ? limit(c, next) : next();
  });
}

/**
 * What Kong does in front of Supabase (docs/supabase-compatibility.md §0): CORS for browsers, the API-key check, the
 * mapping of sb_publishable/sb_secret keys to the anon/service_role JWTs, and path prefixes.
 */
export function createGateway(options: GatewayOptions): Hono {
  const { keys, auth, realtimeApi, rest } = options;
  const app = new Hono();
  countRequests(app);
  app.use(
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      // Empty: echo Access-Control-Request-Headers, as Kong's cors plugin does by default.
      allowHeaders: [],
      // The last five: what PostgREST exposes, so supabase-js in a browser can read counts.
      exposeHeaders: [
        'X-Supabase-Api-Version',
        'X-Total-Count',
        'Link',
        'Content-Range',
        'Content-Location',
        'Location',
        'Range-Unit',
        'Preference-Applied',
      ],
    }),
  );
  app.use('/auth/v1/*', limitBody(BODY_LIMITS.auth));
  app.use('/realtime/v1/api/*', limitBody(BODY_LIMITS.realtimeApi));
  for (const path of OPEN_AUTH_ROUTES) {
    app.all(path, (c) => forward(c, auth, '/auth/v1'));
  }
  const apiKey = requireApiKey(keys);
  app.all('/auth/v1/*', apiKey, (c) => forward(c, auth, '/auth/v1', bearerFor(c, keys)));
  app.all('/realtime/v1/api/*', apiKey, async (c) =>
    realtimeApi
      ? forward(c, realtimeApi, '/realtime/v1/api', bearerFor(c, keys))
      : c.json({ message: 'Realtime is not running' }, 503),
  );
  if (rest) app.all('/rest/v1/*', apiKey, (c) => forward(c, rest, '/rest/v1', bearerFor(c, keys)));
  app.notFound((c) => c.json({ message: 'no Route matched with those values' }, 404));
  return app;
}

/** What `GET /_embedded/requests` answers: requests each service received since start. */
interface RequestCounts {
  auth: number;
  rest: number;
  realtime: number;
}

/**
 * Counts the requests that reach each service, readable at `GET /_embedded/requests` (an embedded
 * extra, not a Supabase route): it lets tests prove what never reaches Auth, e.g. that a signed-in
 * page view verifies its session from the JWKS without a round trip.
 */
function countRequests(app: Hono): void {
  const counts: RequestCounts = { auth: 0, rest: 0, realtime: 0 };
  app.use(async (c, next) => {
    const service = /^\/(auth|rest|realtime)\/v1\//.exec(c.req.path)?.[1] as
      | keyof RequestCounts
      | undefined;
    if (service) counts[service]++;
    await next();
  });
  app.get('/_embedded/requests', (c) => c.json(counts));
}

/** Rejects requests without one of the project's keys, with Kong's key-auth answers. */
function requireApiKey(keys: ApiKeys) {
  const known = [keys.anon, keys.serviceRole, keys.publishable, keys.secret];
  return createMiddleware(async (c, next) => {
    const presented = c.req.header('apikey') ?? c.req.query('apikey');
    if (!presented) {
      return c.json(
        {
          message: 'No API key found in request',
          hint: 'No `apikey` request header or url param was found.',
        },
        401,
      );
    }
    if (!known.some((key) => safeEqual(key, presented))) {
      return c.json(
        {
          message: 'Invalid API key',
          hint: 'Double check your Supabase `anon` or `service_role` API key.',
        },
        401,
      );
    }
    await next();
  });
}

/**
 * The CLI's Kong `BearerToken` template: keep a caller's Authorization unless it carries an sb_
 * key, otherwise map the apikey (secret → service_role JWT, publishable → anon JWT, else as is).
 */
function bearerFor(c: Context, keys: ApiKeys): string | undefined {
  const authorization = c.req.header('authorization');
  if (authorization && !authorization.startsWith('Bearer sb_')) return authorization;
  const apikey = c.req.header('apikey') ?? c.req.query('apikey');
  if (apikey && safeEqual(apikey, keys.secret)) return `Bearer ${keys.serviceRole}`;
  if (apikey && safeEqual(apikey, keys.publishable)) return `Bearer ${keys.anon}`;
  return apikey;
}

/** Passes the request to a service with the prefix stripped (Kong's strip_path). */
async function forward(c: Context, service: Hono, prefix: string, authorization?: string) {
  const request = c.req.raw;
  const url = new URL(request.url);
  url.pathname = url.pathname.slice(prefix.length) || '/';
  const headers = new Headers(request.headers);
  if (authorization === undefined) headers.delete('authorization');
  else headers.set('authorization', authorization);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  // c.env carries the Node request, so services see the caller's address (per-IP rate limits).
  return service.fetch(
    new Request(url, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
    }),
    c.env,
  );
}

/**
 * Hands /realtime/v1/websocket upgrades to Realtime after mapping an sb_ `apikey` query parameter
 * to its JWT (Kong's QueryToken template); Realtime itself checks the key.
 */
export function realtimeUpgradeHandler(keys: ApiKeys, realtime: Realtime | undefined) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/realtime/v1/websocket' || !realtime) {
      const status = realtime ? '404 Not Found' : '503 Service Unavailable';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const apikey = url.searchParams.get('apikey');
    if (apikey && safeEqual(apikey, keys.secret)) url.searchParams.set('apikey', keys.serviceRole);
    if (apikey && safeEqual(apikey, keys.publishable)) url.searchParams.set('apikey', keys.anon);
    request.url = url.pathname + url.search;
    realtime.handleUpgrade(request, socket, head);
  };
}
