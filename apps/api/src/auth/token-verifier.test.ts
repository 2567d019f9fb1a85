import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { claimsFor } from '@repo/database/testing';
import { exportJWK, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../http/errors';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';

const SECRET = 'test-secret-with-at-least-32-characters!!';
const ISSUER = 'http://127.0.0.1:54321/auth/v1';
const user = claimsFor('2b1f0d84-1c1e-4b7e-9d6c-0a0b0c0d0e0f', 'user@example.test');

// A real HTTP server publishing a JWKS, as Supabase Auth does at /auth/v1/.well-known/jwks.json.
let jwksServer: Server;
let jwksUrl: URL;
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let signingKey: PrivateKey;
let strangerKey: PrivateKey;
let hmacVerifier: TokenVerifier;
let jwksOnlyVerifier: TokenVerifier;
beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('ES256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
  jwksServer = createServer((_, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = new URL(
    `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/auth/v1/.well-known/jwks.json`,
  );
  hmacVerifier = createTokenVerifier({
    jwtSecret: SECRET,
    jwksUrl,
    issuer: ISSUER,
    audience: 'authenticated',
  });
  jwksOnlyVerifier = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: 'authenticated' });
});
afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

const hs256 = (claims: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
const es256 = (claims: Record<string, unknown>, key = signingKey, kid = 'key-1') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(key);

async function rejection(verify: TokenVerifier, token: string): Promise<ApiError> {
  const error = await verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('accepted', () => {
  test('claims with any well-formed Unicode, an uppercase UUID sub and nested metadata', async () => {
    const claims = {
      ...user,
      sub: user.sub!.toUpperCase(),
      user_metadata: { name: 'Zoë 😀 ليلى', tags: [{ deep: { deeper: ['ok'] } }] },
    };
    expect((await hmacVerifier(await hs256(claims))).claims.user_metadata).toEqual(
      claims.user_metadata,
    );
  });

  test('an HS256 token signed with the project secret', async () => {
    expect(await hmacVerifier(await hs256(user))).toMatchObject({
      id: user.sub,
      email: user.email,
    });
  });

  test('an ES256 token whose kid is in the JWKS, with or without a configured secret', async () => {
    for (const verify of [hmacVerifier, jwksOnlyVerifier]) {
      expect((await verify(await es256(user))).id).toBe(user.sub);
    }
  });
});

describe('rejected with 401', () => {
  const cases: [string, () => Promise<string>, string][] = [
    ['not a JWT', async () => 'not-a-token', 'invalid_token'],
    ['three garbage parts', async () => 'a.b.c', 'invalid_token'],
    ['expired', () => hs256({ ...user, exp: Math.floor(Date.now() / 1000) - 60 }), 'token_expired'],
    [
      'signed with another secret',
      () => hs256(user, 'another-secret-with-32-characters-or-more'),
      'invalid_token',
    ],
    ['alg none', async () => new UnsecuredJWT(user).encode(), 'invalid_token'],
    ['wrong audience', () => hs256({ ...user, aud: 'somebody-else' }), 'invalid_token'],
    [
      'wrong issuer',
      () => hs256({ ...user, iss: 'https://evil.example/auth/v1' }),
      'invalid_token',
    ],
    ['no exp', () => hs256({ ...user, exp: undefined }), 'invalid_token'],
    [
      'the anon key (no user)',
      () =>
        hs256({ iss: ISSUER, role: 'anon', aud: 'authenticated', exp: user.exp, sub: undefined }),
      'invalid_token',
    ],
    ['a service_role token', () => hs256({ ...user, role: 'service_role' }), 'invalid_token'],
    ['ES256 with a key not in the JWKS', () => es256(user, strangerKey, 'key-2'), 'invalid_token'],
    [
      'ES256 claiming a known kid but signed by another key',
      () => es256(user, strangerKey),
      'invalid_token',
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await hs256(user)).split('.');
        const payload = Buffer.from(
          JSON.stringify({ ...user, sub: '00000000-0000-0000-0000-000000000000' }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
      'invalid_token',
    ],
  ];

  // Validly signed, but PostgreSQL could not carry the claims (request.jwt.claims is jsonb, auth.uid() a uuid).
  const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nested(depth - 1) });
  cases.push(
    ['a sub that is not a UUID', () => hs256({ ...user, sub: 'not-a-uuid' }), 'invalid_token'],
    ['a numeric sub', () => hs256({ ...user, sub: 42 }), 'invalid_token'],
    [
      'a UUID sub with a NUL after it',
      () => hs256({ ...user, sub: `${user.sub}\u0000` }),
      'invalid_token',
    ],
    [
      'a NUL in the email',
      () => hs256({ ...user, email: 'a\u0000@example.test' }),
      'invalid_token',
    ],
    [
      'a NUL deep in user_metadata',
      () => hs256({ ...user, user_metadata: { profile: { names: ['ok', 'x\u0000'] } } }),
      'invalid_token',
    ],
    ['a NUL in a claim name', () => hs256({ ...user, 'x\u0000': true }), 'invalid_token'],
    [
      'a lone surrogate in a claim',
      () => hs256({ ...user, amr: [{ method: 'pass\ud800', timestamp: 1 }] }),
      'invalid_token',
    ],
    ['claims nested 40 deep', () => hs256({ ...user, user_metadata: nested(40) }), 'invalid_token'],
    [
      'the same, signed with a JWKS key',
      () => es256({ ...user, email: 'a\u0000@example.test' }),
      'invalid_token',
    ],
  );

  test.each(cases)('%s', async (_name, makeToken, code) => {
    const error = await rejection(hmacVerifier, await makeToken());
    expect(error.status).toBe(401);
    expect(error.code).toBe(code);
  });

  test('HS256 when the API accepts JWKS-signed tokens only', async () => {
    const error = await rejection(jwksOnlyVerifier, await hs256(user));
    expect([error.status, error.code]).toEqual([401, 'invalid_token']);
  });
});

describe('signing key rotation', () => {
  // The JWKS Auth publishes during a rotation, and how often the API fetched it.
  let published: JWK[] = [];
  let fetches = 0;
  let rotationServer: Server;
  let verify: TokenVerifier;
  const keys: Record<string, { privateKey: PrivateKey; jwk: JWK }> = {};

  beforeAll(async () => {
    for (const kid of ['old', 'new', 'unknown']) {
      const pair = await generateKeyPair('ES256');
      keys[kid] = {
        privateKey: pair.privateKey,
        jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' },
      };
    }
    rotationServer = createServer((_, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => rotationServer.listen(0, '127.0.0.1', resolve));
    const port = (rotationServer.address() as AddressInfo).port;
    verify = createTokenVerifier({
      jwksUrl: new URL(`http://127.0.0.1:${port}/auth/v1/.well-known/jwks.json`),
      issuer: ISSUER,
      audience: 'authenticated',
    });
    // Only the clock jose reads for its cache and cooldown moves; timers and sockets stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await new Promise<void>((resolve) => rotationServer.close(() => resolve()));
  });

  const token = (kid: string) => es256(user, keys[kid]!.privateKey, kid);
  const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

  test('old tokens verify until the old key is removed; a new kid refetches, at most every 30 s', async () => {
    published = [keys.old!.jwk];
    expect((await verify(await token('old'))).id).toBe(user.sub);
    expect((await verify(await token('old'))).id).toBe(user.sub);
    expect(fetches).toBe(1); // cached

    // Auth starts signing with a new key and keeps the old one listed.
    published = [keys.new!.jwk, keys.old!.jwk];
    later(31_000);
    expect((await verify(await token('new'))).id).toBe(user.sub);
    expect(fetches).toBe(2); // the unknown kid triggered one refetch
    expect((await verify(await token('old'))).id).toBe(user.sub);

    // A kid nobody published: refused, and it cannot make the API hammer Auth.
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await rejection(verify, await token('unknown'))).code).toBe('invalid_token');
    }
    expect(fetches).toBe(2);

    // The old key is removed: once the cached set is stale (10 min), its tokens stop verifying.
    published = [keys.new!.jwk];
    later(11 * 60_000);
    expect((await rejection(verify, await token('old'))).code).toBe('invalid_token');
    expect(fetches).toBe(3);
    expect((await verify(await token('new'))).id).toBe(user.sub);
  });
});
