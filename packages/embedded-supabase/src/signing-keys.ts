import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** The asymmetric algorithms the Supabase CLI generates keys for (`supabase gen signing-key`). */
export type AsymmetricAlgorithm = 'ES256' | 'RS256';

const PRIVATE_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/**
 * A new private key in the shape `supabase gen signing-key` writes: a UUID kid, use "sig",
 * key_ops ["sign","verify"], ext true and the algorithm named (internal/gen/signingkeys).
 */
async function generateSigningKey(algorithm: AsymmetricAlgorithm): Promise<JWK> {
  const { privateKey } = await generateKeyPair(algorithm, {
    extractable: true,
    ...(algorithm === 'RS256' ? { modulusLength: 2048 } : {}),
  });
  const { kty, ...material } = await exportJWK(privateKey);
  return {
    kty,
    kid: randomUUID(),
    use: 'sig',
    key_ops: ['sign', 'verify'],
    alg: algorithm,
    ext: true,
    ...material,
  };
}

/**
 * The keys of a signing-keys file (a JSON array of JWKs, as the CLI's signing_keys_path), checked:
 * each is ES256 (EC P-256) or RS256 (RSA), and at least one has a private part to sign with.
 */
function parseSigningKeys(text: string, source: string): JWK[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
  const keys = Array.isArray(parsed) ? parsed : [parsed];
  if (keys.length === 0) throw new Error(`${source} holds no keys`);
  for (const [index, key] of keys.entries()) {
    if (!key || typeof key !== 'object' || !algorithmOf(key as JWK)) {
      throw new Error(
        `${source}: key ${index} is neither ES256 (EC P-256) nor RS256 (RSA); ` +
          'generate one with `supabase gen signing-key --algorithm ES256`',
      );
    }
  }
  if (!keys.some((key: JWK) => canSign(key))) {
    throw new Error(`${source} holds no private key with key_ops "sign" to sign tokens with`);
  }
  return keys as JWK[];
}

/** ES256 or RS256 for a key of that kind (its `alg` must agree when it names one). */
export function algorithmOf(key: JWK): AsymmetricAlgorithm | undefined {
  const kind =
    key.kty === 'EC' && key.crv === 'P-256' ? 'ES256' : key.kty === 'RSA' ? 'RS256' : undefined;
  return kind && (key.alg === undefined || key.alg === kind) ? kind : undefined;
}

/** A key signs if it has a private part and its key_ops, when given, allow signing (as GoTrue). */
export function canSign(key: JWK): boolean {
  return typeof key.d === 'string' && (!key.key_ops || key.key_ops.includes('sign'));
}

/** The public half of a key, as GoTrue lists it in the JWKS: use "sig", key_ops ["verify"]. */
export function publicPart(key: JWK, kid: string): JWK {
  const { key_ops: _ops, ext: _ext, use: _use, ...rest } = key;
  const copy: JWK = { ...rest };
  for (const field of PRIVATE_FIELDS) delete copy[field];
  return { ...copy, kid, alg: algorithmOf(key), use: 'sig', key_ops: ['verify'] };
}

/**
 * The keys in `path`; when the file does not exist, one new key is written there first (mode
 * 0600), so the stack signs with the same key after a restart. The file appears whole or not at
 * all (written aside, then hard-linked into place), so stacks starting side by side agree on one.
 */
export async function readOrCreateSigningKeys(
  path: string,
  algorithm: AsymmetricAlgorithm,
  log: (line: string) => void,
): Promise<JWK[]> {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const draft = `${path}.${process.pid}.${randomUUID()}.tmp`;
    writeFileSync(draft, `${JSON.stringify([await generateSigningKey(algorithm)], null, 2)}\n`, {
      mode: 0o600,
    });
    try {
      linkSync(draft, path);
      log(`embedded Supabase: generated an ${algorithm} signing key in ${path}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  return parseSigningKeys(readFileSync(path, 'utf8'), path);
}
