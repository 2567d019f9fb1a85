import { describe, expect, it } from 'vitest';
import { expiryOf } from './token-expiry';

/** An unsigned JWT with this payload, base64url-encoded like GoTrue's tokens. */
const jwt = (payload: unknown) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('expiryOf', () => {
  it('gives `exp` in milliseconds', () => {
    expect(expiryOf(jwt({ sub: 'u', exp: 1_900_000_000 }))).toBe(1_900_000_000_000);
  });

  it('gives a time in the past for an expired token (so the caller fetches a new one)', () => {
    const exp = Math.floor(Date.now() / 1000) - 10;
    expect(expiryOf(jwt({ exp }))).toBeLessThan(Date.now());
  });

  it('decodes base64url payloads with `-`, `_` and no padding', () => {
    // user_metadata chosen so the payload's encoding contains both url-safe characters.
    const token = jwt({ exp: 1_800_000_000, user_metadata: { name: '>>>???~~~üx' } });
    const payload = token.split('.')[1]!;
    expect(payload).toMatch(/-/);
    expect(payload).toMatch(/_/);
    expect(payload.length % 4).not.toBe(0);
    expect(expiryOf(token)).toBe(1_800_000_000_000);
  });

  it('gives 0 for anything unreadable, so the token is fetched again', () => {
    for (const token of [
      '',
      'not-a-jwt',
      'a..c',
      'a.!!!.c',
      'a.e30.c', // {} : no exp
      jwt({ exp: '1900000000' }),
      jwt({ exp: null }),
      jwt(null),
      jwt([1]),
    ]) {
      expect(expiryOf(token), token).toBe(0);
    }
  });
});
