import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { IntervalLimiter, KeyedLimiter, rateLimitKey } from './rate-limit';

describe('KeyedLimiter (GoTrue tollbooth: a bucket per address)', () => {
  it('lets a burst through, then one request per refill, and tells how long to wait', () => {
    const limiter = new KeyedLimiter(30 / 300, 30); // token_verifications = 30
    const t0 = 1_000_000;
    for (let i = 0; i < 30; i++) expect(limiter.take('a', t0)).toBe(0);
    expect(limiter.take('a', t0)).toBe(10);
    expect(limiter.take('b', t0)).toBe(0); // another address has its own bucket
    expect(limiter.take('a', t0 + 9_000)).toBe(1);
    expect(limiter.take('a', t0 + 10_000)).toBe(0);
    expect(limiter.take('a', t0 + 10_000)).toBeGreaterThan(0);
    // Refilling never exceeds the burst.
    for (let i = 0; i < 30; i++) expect(limiter.take('a', t0 + 3_600_000)).toBe(0);
    expect(limiter.take('a', t0 + 3_600_000)).toBeGreaterThan(0);
  });

  it('refuses everything after the burst when the rate is 0', () => {
    const limiter = new KeyedLimiter(0, 2);
    expect([limiter.take('a', 0), limiter.take('a', 0), limiter.take('a', 59_000)]).toEqual([
      0, 0, 3600,
    ]);
  });
});

describe('IntervalLimiter (GoTrue email_sent: per hour, whole instance)', () => {
  it('counts per interval and resets at the boundary; 0 refuses every email', () => {
    const limiter = new IntervalLimiter(2, 1000);
    const now = Date.now();
    expect([limiter.take(now), limiter.take(now)]).toEqual([0, 0]);
    expect(limiter.take(now)).toBeGreaterThan(0);
    expect(limiter.take(now + 1000)).toBe(0);
    expect(new IntervalLimiter(0).take()).toBeGreaterThan(0);
  });
});

describe('rateLimitKey', () => {
  const keyOf = async (rateLimitHeader: string | undefined, headers: Record<string, string>) => {
    const app = new Hono().get('/', (c) => c.text(rateLimitKey(c, { rateLimitHeader })));
    return (await app.request('/', { headers })).text();
  };

  it('takes the first value of the configured header, as GoTrue does', async () => {
    expect(await keyOf('X-Forwarded-For', { 'x-forwarded-for': ' 203.0.113.9 , 10.0.0.1' })).toBe(
      '203.0.113.9',
    );
  });

  it('ignores a forwarded address nobody configured, and an empty one', async () => {
    const direct = await keyOf(undefined, {});
    expect(await keyOf(undefined, { 'x-forwarded-for': '203.0.113.9' })).toBe(direct);
    expect(await keyOf('X-Forwarded-For', { 'x-forwarded-for': ' , 10.0.0.1' })).toBe(direct);
  });
});
