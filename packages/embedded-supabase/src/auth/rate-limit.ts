import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AuthSettings, RateLimits } from '../config';
import { AuthError } from './errors';

/**
 * A token bucket per key, as GoTrue's tollbooth limiters (golang.org/x/time/rate): `burst`
 * requests at once, then `perSecond`. Keys idle long enough to be full again are forgotten.
 */
export class KeyedLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
  ) {}

  /** Takes one request for `key`: 0 when allowed, else the seconds until one would be. */
  take(key: string, now = Date.now()): number {
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.perSecond > 0 ? Math.ceil((1 - bucket.tokens) / this.perSecond) : 3600;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const fullAfterMs = this.perSecond > 0 ? (this.burst / this.perSecond) * 1000 : 3_600_000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at > fullAfterMs) this.buckets.delete(key);
    }
  }
}

/**
 * GoTrue's email limiter (internal/ratelimit IntervalLimiter): `events` emails per hour for the
 * whole instance, the count reset at each hour boundary since start; 0 refuses every email.
 */
export class IntervalLimiter {
  private start = Date.now();
  private count = 0;

  constructor(
    readonly events: number,
    readonly intervalMs = 3_600_000,
  ) {}

  /** 0 when allowed, else the seconds until the next interval. */
  take(now = Date.now()): number {
    const elapsed = Math.floor((now - this.start) / this.intervalMs);
    if (elapsed > 0) {
      this.start += elapsed * this.intervalMs;
      this.count = 0;
    }
    if (this.count < this.events) {
      this.count += 1;
      return 0;
    }
    return Math.ceil((this.start + this.intervalMs - now) / 1000);
  }
}

/** GoTrue's per-5-minutes limiter with a burst of 30 (apilimiter newLimiterPer5mOver1h). */
const per5Minutes = (rate: number) => new KeyedLimiter(rate / 300, 30);

/** One limiter per GoTrue route group; the OTP-rate ones are separate buckets per route, as in GoTrue. */
export function createAuthLimits(limits: RateLimits) {
  return {
    email: new IntervalLimiter(limits.emailSent),
    anonymousSignIns: new KeyedLimiter(limits.anonymousUsers / 3600, limits.anonymousUsers),
    signups: per5Minutes(limits.signInSignUps),
    otp: per5Minutes(limits.signInSignUps),
    magicLink: per5Minutes(limits.signInSignUps),
    recover: per5Minutes(limits.signInSignUps),
    resend: per5Minutes(limits.signInSignUps),
    user: per5Minutes(limits.signInSignUps),
    token: per5Minutes(limits.tokenRefresh),
    verify: per5Minutes(limits.tokenVerifications),
  };
}
export type AuthLimits = ReturnType<typeof createAuthLimits>;

/** GoTrue's answer when a per-IP limit is reached (performRateLimiting). */
function overRequestRateLimit(retryAfter: number): AuthError {
  return new AuthError(
    429,
    'over_request_rate_limit',
    'Request rate limit reached',
    {},
    {
      'Retry-After': String(retryAfter),
    },
  );
}

/**
 * Who a per-IP limit counts: the first value of the configured header (GoTrue's
 * RATE_LIMIT_HEADER, e.g. X-Forwarded-For set by a proxy), else the connection's address. GoTrue
 * skips limiting when neither header nor Sb-Forwarded-For is there; the stand-in never does.
 */
export function rateLimitKey(c: Context, settings: Pick<AuthSettings, 'rateLimitHeader'>): string {
  if (settings.rateLimitHeader) {
    const first = c.req.header(settings.rateLimitHeader)?.split(',')[0]?.trim();
    if (first) return first;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Called without a Node request (app.request() in unit tests).
    return 'unknown';
  }
}

/** Counts one request against `limiter` for the caller's address; 429 when over. */
export function checkRateLimit(
  c: Context,
  settings: Pick<AuthSettings, 'rateLimitHeader'>,
  limiter: KeyedLimiter,
): void {
  const wait = limiter.take(rateLimitKey(c, settings));
  if (wait > 0) throw overRequestRateLimit(wait);
}

/** The same, as route middleware (GoTrue's limitHandler). */
export const rateLimited = (
  settings: Pick<AuthSettings, 'rateLimitHeader'>,
  limiter: KeyedLimiter,
) =>
  createMiddleware(async (c, next) => {
    checkRateLimit(c, settings, limiter);
    await next();
  });

/** GoTrue's email limit (sendEmail): 429 over_email_send_rate_limit once the hour's emails are out. */
export function checkEmailLimit(limiter: IntervalLimiter): void {
  const wait = limiter.take();
  if (wait > 0) {
    throw new AuthError(
      429,
      'over_email_send_rate_limit',
      'email rate limit exceeded',
      {},
      {
        'Retry-After': String(wait),
      },
    );
  }
}
