import { readFileSync } from 'node:fs';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { subscribe } from '../../src/realtime/testing/channels';
import { createConfirmedUser, PASSWORD, signedIn, userClient } from './clients';
import { getTarget, type Target } from './target';

// The stack signs with supabase/signing_keys.json (config.toml signing_keys_path), the same file
// `supabase start` reads; the test holds its private key only to mint an expired token.
let target: Target;
let session: { access_token: string; user: { id: string } };
let signingKey: JWK;
const clients: SupabaseClient[] = [];
beforeAll(async () => {
  target = await getTarget();
  const path = loadConfig().auth.signingKeysPath!;
  signingKey = (JSON.parse(readFileSync(path, 'utf8')) as JWK[])[0]!;
  const { email } = await createConfirmedUser(target, 'keys');
  session = (await signedIn(target, email)).session;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  await target.stop();
});

const jwksUrl = () => new URL(`${target.url}/auth/v1/.well-known/jwks.json`);
const issuer = () => `${target.url}/auth/v1`;

function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer(),
    sub: session.user.id,
    aud: 'authenticated',
    exp: now + 3600,
    iat: now,
    role: 'authenticated',
    session_id: decodeClaims(session.access_token).session_id,
    ...overrides,
  };
}

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}

describe('asymmetric signing keys', () => {
  it('signs a new session ES256 with a kid, and it verifies from the public JWKS alone', async () => {
    const header = decodeProtectedHeader(session.access_token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: expect.any(String) });
    // No API key: the JWKS is public, as servers fetch it.
    const response = await fetch(jwksUrl());
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: JWK[] };
    const published = jwks.keys.find((key) => key.kid === header.kid);
    expect(published).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(published!.key_ops).toEqual(['verify']);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');

    const { payload } = await jwtVerify(session.access_token, createRemoteJWKSet(jwksUrl()), {
      issuer: issuer(),
      audience: 'authenticated',
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({ sub: session.user.id, role: 'authenticated' });
  });

  it('lets getClaims() verify locally: no call to /user, the JWKS fetched at most once', async () => {
    const seen: string[] = [];
    const client = createClient(target.url, target.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, storageKey: 'count-auth-calls' },
      global: {
        fetch: (input, init) => {
          seen.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
          return fetch(input, init);
        },
      },
      realtime: { transport: WebSocket as never },
    });
    for (let view = 0; view < 5; view++) {
      const { data, error } = await client.auth.getClaims(session.access_token);
      expect(error).toBeNull();
      expect(data!.claims.sub).toBe(session.user.id);
    }
    expect(seen).toEqual(['/auth/v1/.well-known/jwks.json']);
  });

  it('accepts the ES256 token in the Data API and Realtime (one key set for all services)', async () => {
    const rest = await fetch(`${target.url}/rest/v1/no_such_table_for_keys`, {
      headers: { apikey: target.anonKey, authorization: `Bearer ${session.access_token}` },
    });
    // Past the token check: the table is what is missing.
    expect(rest.status).toBe(404);
    const client = userClient(target);
    clients.push(client);
    await client.realtime.setAuth(session.access_token);
    await subscribe(client.channel('es256-joins'));
  });
});

describe('forged and stale tokens are refused by Auth, the Data API and Realtime', () => {
  const forgeries: Array<[string, () => Promise<string>]> = [
    [
      'signed with a key not in the JWKS (under the real kid)',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: signingKey.kid })
          .sign(privateKey);
      },
    ],
    [
      'signed with a key not in the JWKS (under its own kid)',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'attacker-key' })
          .sign(privateKey);
      },
    ],
    ['alg none', async () => new UnsecuredJWT(claims()).encode()],
    [
      'HS256 with the public key as the HMAC secret (algorithm confusion)',
      async () => {
        const { d: _d, key_ops: _ops, ext: _ext, ...publicJwk } = signingKey;
        const pem = await exportSPKI(
          (await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256', {
            extractable: true,
          })) as never,
        );
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: signingKey.kid })
          .sign(new TextEncoder().encode(pem));
      },
    ],
    [
      'expired, though signed with the real key',
      async () => {
        const now = Math.floor(Date.now() / 1000);
        return new SignJWT(claims({ iat: now - 7200, exp: now - 3600 }))
          .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: signingKey.kid })
          .sign(await importJWK({ ...signingKey, key_ops: undefined, ext: undefined }, 'ES256'));
      },
    ],
  ];

  it.each(forgeries)('%s', async (_name, forge) => {
    const token = await forge();
    const user = await fetch(`${target.url}/auth/v1/user`, {
      headers: {
        apikey: target.anonKey,
        authorization: `Bearer ${token}`,
        'x-supabase-api-version': '2024-01-01',
      },
    });
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ code: 'bad_jwt' });

    const rest = await fetch(`${target.url}/rest/v1/no_such_table_for_keys`, {
      headers: { apikey: target.anonKey, authorization: `Bearer ${token}` },
    });
    expect(rest.status).toBe(401);

    await expect(
      jwtVerify(token, createRemoteJWKSet(jwksUrl()), {
        issuer: issuer(),
        audience: 'authenticated',
      }),
    ).rejects.toThrow();

    const client = userClient(target);
    clients.push(client);
    await client.realtime.setAuth(token);
    await expect(subscribe(client.channel(`forged-${clients.length}`))).rejects.toThrow();
  });

  it('keeps a signed-in user signed in with the password after all that', async () => {
    const { data } = await userClient(target).auth.signInWithPassword({
      email: decodeClaims(session.access_token).email as string,
      password: PASSWORD,
    });
    expect(decodeProtectedHeader(data.session!.access_token).kid).toBe(signingKey.kid);
  });
});
