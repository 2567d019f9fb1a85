import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';

type CorsOptions = NonNullable<Parameters<typeof cors>[0]>;

/**
 * Hono's CORS middleware for requests that carry an `Origin` (browsers); other callers (the web
 * app's server, scripts) only get `Vary: Origin`. Hono's cors sets its headers on `c.res` before
 * the handler runs and appends `Vary` after it, which makes Hono rebuild the handler's response
 * around its body (a web-standard Response and a stream read per request, about a tenth of the
 * API's CPU in the production profile, docs/benchmarks.md); a request without Origin gets no CORS
 * headers from it anyway, apart from the exposed-headers list, which only browsers read.
 */
export function corsForBrowsers(options: CorsOptions) {
  const forBrowsers = cors(options);
  return createMiddleware(async (c, next) => {
    if (c.req.header('origin') !== undefined) return forBrowsers(c, next);
    c.header('Vary', 'Origin'); // before the handler: it becomes part of its response
    await next();
  });
}
