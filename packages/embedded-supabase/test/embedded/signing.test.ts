import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
  jwtVerify,
} from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type EmbeddedSupabaseOptions, startEmbeddedSupabase } from '../../src/index';

const EPHEMERAL = { api: 0, db: 0, mail: 0, smtp: 0 };
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
/** A folder of its own (the embedded PostgreSQL must reach a data folder's parents). */
function newFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'signing-keys-'));
  folders.push(folder);
  return folder;
}

type Instance = Awaited<ReturnType<typeof startEmbeddedSupabase>>;

function client(instance: Instance) {
  return createClient(instance.url, instance.keys.anon, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
}

/** Starts an instance, runs `use`, stops it. */
async function withStack<T>(
  options: EmbeddedSupabaseOptions,
  use: (instance: Instance) => Promise<T>,
): Promise<T> {
  const instance = await startEmbeddedSupabase({ ports: EPHEMERAL, realtime: false, ...options });
  try {
    return await use(instance);
  } finally {
    await instance.stop();
  }
}

async function signUp(instance: Instance, email: string) {
  const { data, error } = await client(instance).auth.signUp({ email, password: 'key-password' });
  if (error) throw error;
  return data.session!.access_token;
}

async function getUserStatus(instance: Instance, token: string) {
  const response = await fetch(`${instance.url}/auth/v1/user`, {
    headers: { apikey: instance.keys.anon, authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function jwksOf(instance: Instance): Promise<{ keys: JWK[] }> {
  return (await fetch(`${instance.url}/auth/v1/.well-known/jwks.json`)).json() as never;
}

/** A private key exactly as `supabase gen signing-key` writes it. */
async function cliKey(algorithm: 'ES256' | 'RS256', kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(algorithm, { extractable: true });
  return {
    kid,
    use: 'sig',
    key_ops: ['sign', 'verify'],
    alg: algorithm,
    ext: true,
    ...(await exportJWK(privateKey)),
  };
}

describe('default signing key (no key file configured)', () => {
  it('signs ES256 with a key generated into the data folder, kept across restarts', async () => {
    const dataDir = newFolder();
    const options = { configPath: false as const, dataDir };
    const first = await withStack(options, async (instance) => {
      const token = await signUp(instance, 'default@example.test');
      const header = decodeProtectedHeader(token);
      expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: expect.any(String) });
      const jwks = await jwksOf(instance);
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
      return { token, kid: header.kid };
    });

    const file = join(dataDir, 'signing_keys.json');
    // Private key material: readable by its owner only, as the CLI writes it.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [stored] = JSON.parse(readFileSync(file, 'utf8')) as JWK[];
    expect(stored).toMatchObject({
      kid: first.kid,
      key_ops: ['sign', 'verify'],
      d: expect.any(String),
    });

    await withStack(options, async (instance) => {
      expect((await jwksOf(instance)).keys.map((k) => k.kid)).toEqual([first.kid]);
      // The session from before the restart still verifies.
      expect((await getUserStatus(instance, first.token)).status).toBe(200);
    });
  });

  it('keeps HS256 with the JWT secret when asked (legacy): the JWKS is then empty', async () => {
    await withStack(
      { configPath: false, auth: { signingAlgorithm: 'HS256' } },
      async (instance) => {
        const token = await signUp(instance, 'legacy@example.test');
        expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
        expect(await jwksOf(instance)).toEqual({ keys: [] });
        expect((await instance.verifyJwt(token)).email).toBe('legacy@example.test');
      },
    );
  });
});

describe('signing keys file (config.toml signing_keys_path)', () => {
  it.each(['ES256', 'RS256'] as const)(
    'loads the file `supabase gen signing-key --algorithm %s` writes (key_ops sign+verify)',
    async (algorithm) => {
      const path = join(newFolder(), 'signing_keys.json');
      const key = await cliKey(algorithm, `cli-${algorithm}`);
      writeFileSync(path, JSON.stringify([key], null, 2));
      await withStack({ auth: { signingKeysPath: path } }, async (instance) => {
        const token = await signUp(instance, `file-${algorithm}@example.test`.toLowerCase());
        expect(decodeProtectedHeader(token)).toMatchObject({ alg: algorithm, kid: key.kid });
        const jwksUrl = new URL(`${instance.url}/auth/v1/.well-known/jwks.json`);
        const { payload } = await jwtVerify(token, createRemoteJWKSet(jwksUrl), {
          issuer: `${instance.url}/auth/v1`,
          audience: 'authenticated',
        });
        expect(payload.role).toBe('authenticated');
      });
    },
  );

  it('refuses to start on a file without a private signing key, naming it', async () => {
    const dir = newFolder();
    const { publicKey } = await generateKeyPair('ES256');
    const path = join(dir, 'public-only.json');
    writeFileSync(path, JSON.stringify([{ ...(await exportJWK(publicKey)), kid: 'p' }]));
    await expect(
      startEmbeddedSupabase({
        ports: EPHEMERAL,
        realtime: false,
        auth: { signingKeysPath: path },
      }),
    ).rejects.toThrow(/public-only\.json holds no private key/);
  });

  it('rotates: an old token verifies while its key is listed, and not once it is removed', async () => {
    const dir = newFolder();
    const dataDir = newFolder();
    const path = join(dir, 'signing_keys.json');
    const oldKey = await cliKey('ES256', 'old-key');
    const newKey = await cliKey('ES256', 'new-key');
    const options = { dataDir, auth: { signingKeysPath: path } };

    writeFileSync(path, JSON.stringify([oldKey]));
    const oldToken = await withStack(options, (instance) =>
      signUp(instance, 'rotation@example.test'),
    );
    expect(decodeProtectedHeader(oldToken).kid).toBe('old-key');

    // Step 1: the new key signs (it comes first); the old one stays listed for verification.
    writeFileSync(path, JSON.stringify([newKey, oldKey]));
    await withStack(options, async (instance) => {
      const jwks = await jwksOf(instance);
      expect(jwks.keys.map((k) => k.kid)).toEqual(['new-key', 'old-key']);
      expect((await getUserStatus(instance, oldToken)).status).toBe(200);
      await expect(jwtVerify(oldToken, createLocalJWKSet(jwks))).resolves.toBeTruthy();
      const { data } = await client(instance).auth.signInWithPassword({
        email: 'rotation@example.test',
        password: 'key-password',
      });
      expect(decodeProtectedHeader(data.session!.access_token).kid).toBe('new-key');
    });

    // Step 2: the old key is removed; its tokens stop verifying everywhere.
    writeFileSync(path, JSON.stringify([newKey]));
    await withStack(options, async (instance) => {
      const jwks = await jwksOf(instance);
      expect(jwks.keys.map((k) => k.kid)).toEqual(['new-key']);
      expect(await getUserStatus(instance, oldToken)).toMatchObject({
        status: 403,
        body: { error_code: 'bad_jwt' },
      });
      await expect(jwtVerify(oldToken, createLocalJWKSet(jwks))).rejects.toThrow();
      await expect(instance.verifyJwt(oldToken)).rejects.toThrow();
    });
  }, 180_000);
});
