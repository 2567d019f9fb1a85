import type { MiddlewareHandler } from 'hono';
import { RateLimitedError, type RateLimits } from '../http/rate-limits';
import type { AppEnv } from '../http/router';

/**
 * The general per-user budget: every authenticated request counts one hit on the user's bucket
 * for the current minute, in PostgreSQL (one statement, shared by every replica). Past the limit:
 * 429 `rate_limited` with Retry-After, before any other database work.
 */
export function requestBudget(limits: RateLimits): MiddlewareHandler<AppEnv> {
  const { store, requestsPerMinute } = limits;
  return async (c, next) => {
    if (!store || requestsPerMinute === 0) return next();
    const { allowed, retryAfterS } = await store.hit(
      `requests:user:${c.get('user').id}`,
      requestsPerMinute,
      60,
    );
    if (!allowed) {
      throw new RateLimitedError(
        'rate_limited',
        `Too many requests: ${requestsPerMinute} a minute per user. Try again in ${retryAfterS} s.`,
        retryAfterS,
      );
    }
    return next();
  };
}
