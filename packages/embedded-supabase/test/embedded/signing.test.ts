import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type EmbeddedSupabase, startEmbeddedSupabase } from '../../src/index';

const EPHEMERAL = { api: 0, db: 0, mail: 0, smtp: 0 };

function client(instance: EmbeddedSupabase) {
  return createClient(instance.url, instance.keys.anon, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
}

describe('ES256 signing with a JWKS', () => {
  let instance: EmbeddedSupabase;
  beforeAll(async () => {
    instance = await startEmbeddedSupabase({
      ports: EPHEMERAL,
      realtime: false,
      auth: { signingAlgorithm: 'ES256' },
    });
  });
  afterAll(() => instance.stop());

  it('signs user tokens with ES256 and a kid that the public JWKS serves', async () => {
    const { data } = await client(instance).auth.signUp({
      email: 'es@example.test',
      password: 'es256-password',
    });
    const token = data.session!.access_token;
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: expect.any(String) });

    // The JWKS is public (no API key), as an API server fetches it.
    const jwksUrl = new URL(`${instance.url}/auth/v1/.well-known/jwks.json`);
    const jwks = (await (await fetch(jwksUrl)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toEqual([
      expect.objectContaining({
        kid: header.kid,
        alg: 'ES256',
        kty: 'EC',
        crv: 'P-256',
        use: 'sig',
        key_ops: ['verify'],
      }),
    ]);
    expect(jwks.keys[0]).not.toHaveProperty('d');

    const { payload } = await jwtVerify(token, createRemoteJWKSet(jwksUrl), {
      issuer: `${instance.url}/auth/v1`,
      audience: 'authenticated',
    });
    expect(payload.email).toBe('es@example.test');
  });

  it('lets getClaims verify locally against the JWKS, and verifyJwt accept both key kinds', async () => {
    const supabase = client(instance);
    await supabase.auth.signUp({ email: 'claims-es@example.test', password: 'es256-password' });
    const { data, error } = await supabase.auth.getClaims();
    expect(error).toBeNull();
    expect(data!.header.alg).toBe('ES256');
    expect(data!.claims.email).toBe('claims-es@example.test');

    const session = (await supabase.auth.getSession()).data.session!;
    expect((await instance.verifyJwt(session.access_token)).sub).toBe(session.user.id);
    expect((await instance.verifyJwt(instance.keys.anon)).role).toBe('anon');
    await expect(instance.verifyJwt(`${session.access_token.slice(0, -3)}abc`)).rejects.toThrow();
  });
});

describe('signing keys from a file (config.toml signing_keys_path)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'signing-keys-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('uses the private JWK from the file, keeping its kid', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'my-key-1', alg: 'ES256' };
    const path = join(folder, 'signing_keys.json');
    writeFileSync(path, JSON.stringify([jwk]));
    const instance = await startEmbeddedSupabase({
      ports: EPHEMERAL,
      realtime: false,
      auth: { signingAlgorithm: 'ES256', signingKeysPath: path },
    });
    try {
      const { data } = await client(instance).auth.signUp({
        email: 'file@example.test',
        password: 'file-password',
      });
      expect(decodeProtectedHeader(data.session!.access_token).kid).toBe('my-key-1');
    } finally {
      await instance.stop();
    }
  });
});
