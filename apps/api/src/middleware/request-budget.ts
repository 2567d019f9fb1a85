import type { MiddlewareHandler } from 'hono';
import { BudgetLeases } from '../http/budget-leases';
import { RateLimitedError, type RateLimits } from '../http/rate-limits';
import type { AppEnv } from '../http/router';

/**
 * The general per-user budget: every authenticated request spends one hit of the user's budget
 * for the current minute, counted in PostgreSQL (shared by every replica) in blocks, so most
 * requests decide in memory (BudgetLeases). Past the limit: 429 `rate_limited` with Retry-After,
 * before any other database work.
 */
export function requestBudget(limits: RateLimits): MiddlewareHandler<AppEnv> {
  const { store, requestsPerMinute } = limits;
  if (!store || requestsPerMinute === 0) return (_c, next) => next();
  const budget = new BudgetLeases(store, requestsPerMinute, 60);
  return async (c, next) => {
    const { allowed, retryAfterS } = await budget.hit(`requests:user:${c.get('user').id}`);
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
