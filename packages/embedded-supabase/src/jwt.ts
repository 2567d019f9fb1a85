import { readFileSync } from 'node:fs';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

export interface JwtKeys {
  /** Signs a user access token with the active key; the payload's key order is kept. */
  sign(payload: JWTPayload): Promise<string>;
  /**
   * Verifies any token this stack issues (HS256 with the shared secret, or ES256 by `kid`) and
   * returns its claims. Throws jose's errors (JWTExpired, JWSSignatureVerificationFailed, …).
   */
  verify(token: string): Promise<JWTPayload>;
  /** The public keys for /.well-known/jwks.json; symmetric keys are never listed. */
  jwks: { keys: JWK[] };
}

export interface JwtKeyOptions {
  jwtSecret: string;
  algorithm: 'HS256' | 'ES256';
  /** A JSON array of private JWKs (the CLI's signing_keys_path); without it ES256 uses a fresh key. */
  signingKeysPath?: string;
}

export async function createJwtKeys(options: JwtKeyOptions): Promise<JwtKeys> {
  const secret = new TextEncoder().encode(options.jwtSecret);
  const signer = options.algorithm === 'ES256' ? await es256Signer(options.signingKeysPath) : null;
  const publicKeys = createLocalJWKSet({ keys: signer ? [signer.publicJwk] : [] });

  return {
    sign: (payload) =>
      signer
        ? new SignJWT(payload)
            .setProtectedHeader({ alg: 'ES256', kid: signer.kid, typ: 'JWT' })
            .sign(signer.privateKey)
        : new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret),
    verify: async (token) => {
      const { alg } = decodeProtectedHeader(token);
      const { payload } =
        alg === 'HS256'
          ? await jwtVerify(token, secret, { algorithms: ['HS256'] })
          : await jwtVerify(token, publicKeys, { algorithms: ['ES256'] });
      return payload;
    },
    jwks: { keys: signer ? [signer.publicJwk] : [] },
  };
}

interface Es256Signer {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function es256Signer(signingKeysPath?: string): Promise<Es256Signer> {
  const privateJwk = signingKeysPath ? readSigningKey(signingKeysPath) : await freshPrivateJwk();
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(privateJwk));
  const { d: _private, key_ops: _ops, ext: _ext, ...publicPart } = privateJwk;
  return {
    kid,
    privateKey: (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey,
    // GoTrue lists public keys with use "sig" and key_ops ["verify"] (internal/conf/jwk.go).
    publicJwk: { ...publicPart, kid, alg: 'ES256', use: 'sig', key_ops: ['verify'] },
  };
}

async function freshPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return exportJWK(privateKey);
}

function readSigningKey(path: string): JWK {
  const keys: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const key = (Array.isArray(keys) ? keys : [keys]).find(
    (k: JWK) => k.kty === 'EC' && k.crv === 'P-256' && typeof k.d === 'string',
  );
  if (!key) throw new Error(`${path} holds no ES256 (EC P-256) private JWK`);
  return key;
}
