import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { ApiError } from '../http/errors';
import type { AppEnv } from '../http/router';
import type { Metrics } from '../metrics';

/** GET /metrics in Prometheus text format; behind a bearer token when METRICS_TOKEN is set. */
export function metricsRoutes(metrics: Metrics, token: string | undefined) {
  return new Hono<AppEnv>().get('/metrics', async (c) => {
    if (token && !sameSecret(c.req.header('authorization') ?? '', `Bearer ${token}`)) {
      throw new ApiError(
        401,
        'invalid_token',
        'The metrics endpoint needs "Authorization: Bearer <METRICS_TOKEN>".',
      );
    }
    return c.body(await metrics.registry.metrics(), 200, {
      'content-type': metrics.registry.contentType,
    });
  });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
