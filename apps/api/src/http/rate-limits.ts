import type { RateLimitStore } from '@repo/database';
import { ApiError, ErrorBody } from './errors';
import type { createRouter } from './router';

/** The API's limits (env RATE_LIMIT_*); counted in PostgreSQL, so they hold across replicas. */
export interface RateLimits {
  /** Counts the general request budget; without it there is none (tests, benchmarks). */
  store?: RateLimitStore;
  /** Requests per user per minute, every /v1 route together (0: no limit). */
  requestsPerMinute: number;
  /** Invitations per inviting user per hour, across orgs. */
  invitationsPerUserPerHour: number;
  /** Invitations per org per hour, whoever sends them. */
  invitationsPerOrgPerHour: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  requestsPerMinute: 600,
  invitationsPerUserPerHour: 20,
  invitationsPerOrgPerHour: 50,
};

/** 429 with the seconds to wait in `Retry-After` (added by the error handler). */
export class RateLimitedError extends ApiError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterS: number,
  ) {
    super(429, code, message);
  }
}

const RATE_LIMITED_RESPONSE = {
  description:
    'Too many requests: a rate limit was reached (`rate_limited` for the per-user request budget, `invitation_rate_limited` for invitations). Wait `Retry-After` seconds.',
  headers: {
    'Retry-After': {
      description: 'Seconds until the limit resets.',
      schema: { type: 'integer', minimum: 1 },
    },
  },
  content: { 'application/json': { schema: ErrorBody } },
};

/**
 * Every /v1 operation can answer 429 (the per-user budget applies to all of them): add it to each
 * route registered so far, so /openapi.json says so without every route repeating it.
 */
export function documentRateLimits(
  registry: ReturnType<typeof createRouter>['openAPIRegistry'],
): void {
  for (const definition of registry.definitions) {
    if (definition.type !== 'route' || !definition.route.path.startsWith('/v1/')) continue;
    definition.route.responses[429] ??= RATE_LIMITED_RESPONSE as never;
  }
}
