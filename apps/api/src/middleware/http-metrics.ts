import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from '../http/router';
import type { Metrics } from '../metrics';

/** Counts and times every request under its route template (`/v1/items/:id`), not its URL. */
export const httpMetrics = (metrics: Metrics) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    const route =
      c.res.status === 404 && routePath(c, -1).endsWith('*') ? 'unmatched' : routePath(c, -1);
    metrics.observeRequest(c.req.method, route, c.res.status, (performance.now() - started) / 1000);
  });
