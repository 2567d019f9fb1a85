/**
 * The verified-token cache in front of the real verifier (HS256, jose): it saves the signature
 * check for a token it accepted, and nothing else: expiry, a changed byte, refusals and its bound
 * all still hold.
 */
import { claimsFor } from '@repo/database/testing';
import { SignJWT } from 'jose';
import { expect, test } from 'vitest';
import { ApiError } from '../http/errors';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';
import { cachingTokenVerifier } from './verified-token-cache';

const SECRET = 'test-secret-with-at-least-32-characters!!';
const ISSUER = 'http://127.0.0.1:54321/auth/v1';
const ID = (n: number) => `2b1f0d84-1c1e-4b7e-9d6c-0a0b0c0d0e${String(n).padStart(2, '0')}`;

const sign = (claims: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));

/** The real verifier, counting how often it is asked. */
function countingVerifier() {
  const real = createTokenVerifier({
    jwtSecret: SECRET,
    jwksUrl: new URL('http://127.0.0.1:9/auth/v1/.well-known/jwks.json'),
    issuer: ISSUER,
    audience: 'authenticated',
  });
  const calls = { count: 0 };
  const verify: TokenVerifier = (token) => {
    calls.count++;
    return real(token);
  };
  return { verify, calls };
}

async function refusal(verify: TokenVerifier, token: string) {
  const error = await verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

test('a token is verified once, then served from the cache (also to concurrent requests)', async () => {
  const { verify, calls } = countingVerifier();
  const cached = cachingTokenVerifier(verify);
  const token = await sign(claimsFor(ID(1), 'a@example.test'));
  const users = await Promise.all(Array.from({ length: 5 }, () => cached(token)));
  expect(users.every((u) => u.id === ID(1))).toBe(true);
  expect(await cached(token)).toBe(users[0]);
  expect(calls.count).toBe(1);
  // Shared by every request, so nobody can change it.
  expect(Object.isFrozen(users[0])).toBe(true);
  expect(Object.isFrozen(users[0]!.claims)).toBe(true);
});

test('an entry ends at the token exp: afterwards the token is refused as expired', async () => {
  let now = Date.now();
  const { verify, calls } = countingVerifier();
  const cached = cachingTokenVerifier(verify, { now: () => now });
  const exp = Math.floor(now / 1000) + 2;
  const token = await sign({ ...claimsFor(ID(2), 'b@example.test'), exp });
  expect((await cached(token)).id).toBe(ID(2));
  now = exp * 1000; // the cache's clock reaches exp; jose's clock (real time) decides on its own
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now() + 50)));
  expect((await refusal(cached, token)).code).toBe('token_expired');
  expect(calls.count).toBe(2);
});

test('an entry is served at most maxAgeMs, however far away exp is', async () => {
  let now = Date.now();
  const { verify, calls } = countingVerifier();
  const cached = cachingTokenVerifier(verify, { maxAgeMs: 1_000, now: () => now });
  const token = await sign(claimsFor(ID(3), 'c@example.test'));
  await cached(token);
  await cached(token);
  now += 1_000;
  await cached(token);
  expect(calls.count).toBe(2);
});

test('a token differing in any part is verified afresh; refusals are never cached', async () => {
  const { verify, calls } = countingVerifier();
  const cached = cachingTokenVerifier(verify);
  const token = await sign(claimsFor(ID(4), 'd@example.test'));
  await cached(token);
  // The cached token's signature on another user's payload: must not ride on the cache entry.
  const [header, , signature] = token.split('.');
  const otherPayload = (await sign(claimsFor(ID(5), 'e@example.test'))).split('.')[1];
  const forged = `${header}.${otherPayload}.${signature}`;
  expect((await refusal(cached, forged)).code).toBe('invalid_token');
  expect((await refusal(cached, forged)).code).toBe('invalid_token');
  const wrongKey = await sign(claimsFor(ID(4), 'd@example.test'), `${SECRET}-not-ours`);
  expect((await refusal(cached, wrongKey)).code).toBe('invalid_token');
  expect(calls.count).toBe(4);
});

test('bounded: past maxEntries the least recently used token goes', async () => {
  const { verify, calls } = countingVerifier();
  const cached = cachingTokenVerifier(verify, { maxEntries: 2 });
  const [a, b, c] = await Promise.all(
    [6, 7, 8].map((n) => sign(claimsFor(ID(n), `${n}@example.test`))),
  );
  await cached(a!);
  await cached(b!);
  await cached(a!); // a is now the most recently used
  await cached(c!); // evicts b
  expect(calls.count).toBe(3);
  await cached(a!);
  await cached(c!);
  expect(calls.count).toBe(3);
  await cached(b!);
  expect(calls.count).toBe(4);
});
