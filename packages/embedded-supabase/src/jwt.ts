import {
  type CryptoKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { type AsymmetricAlgorithm, algorithmOf, canSign, publicPart } from './signing-keys';

export interface JwtKeys {
  /** Signs a user access token with the signing key (or the secret); the payload's key order is kept. */
  sign(payload: JWTPayload): Promise<string>;
  /**
   * Verifies any token this stack issues and returns its claims: HS256 with the shared secret (the
   * anon/service_role keys, legacy user tokens), ES256/RS256 by `kid` against the published keys.
   * Throws jose's errors (JWTExpired, JWSSignatureVerificationFailed, JWKSNoMatchingKey, …).
   */
  verify(token: string): Promise<JWTPayload>;
  /** The public keys for /.well-known/jwks.json; the symmetric secret is never listed. */
  jwks: { keys: JWK[] };
}

export interface JwtKeyOptions {
  jwtSecret: string;
  /**
   * Asymmetric keys (a signing-keys file's content): the first that can sign signs user tokens,
   * every one verifies, so a rotated-out key keeps its tokens valid while it stays listed. Without
   * keys, user tokens are HS256 with the secret (the legacy setup).
   */
  signingKeys?: JWK[];
}

const ASYMMETRIC: AsymmetricAlgorithm[] = ['ES256', 'RS256'];

export async function createJwtKeys(options: JwtKeyOptions): Promise<JwtKeys> {
  const secret = new TextEncoder().encode(options.jwtSecret);
  const keys = options.signingKeys ?? [];
  const published = await Promise.all(
    keys.map(async (key) => publicPart(key, key.kid ?? (await calculateJwkThumbprint(key)))),
  );
  const signingIndex = keys.findIndex(canSign);
  const signer = signingIndex >= 0 ? await importSigner(keys[signingIndex]!) : undefined;
  const signerKid = published[signingIndex]?.kid;
  const publicKeys = createLocalJWKSet({ keys: published });

  return {
    sign: (payload) =>
      signer
        ? new SignJWT(payload)
            .setProtectedHeader({ alg: signer.alg, kid: signerKid, typ: 'JWT' })
            .sign(signer.key)
        : new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret),
    verify: async (token) => {
      // The header only picks which key set to try; each set pins its own algorithms, so an
      // HS256 token "signed" with a public key meets the secret and fails.
      const { alg } = decodeProtectedHeader(token);
      const { payload } =
        alg === 'HS256'
          ? await jwtVerify(token, secret, { algorithms: ['HS256'] })
          : await jwtVerify(token, publicKeys, { algorithms: ASYMMETRIC });
      return payload;
    },
    jwks: { keys: published },
  };
}

async function importSigner(jwk: JWK): Promise<{ alg: AsymmetricAlgorithm; key: CryptoKey }> {
  const alg = algorithmOf(jwk)!;
  // key_ops/ext describe the file's key as a whole ("sign","verify"); WebCrypto refuses "verify"
  // on a private key ("Unsupported key usage"), so the private key is imported for signing only.
  const { key_ops: _ops, ext: _ext, use: _use, ...material } = jwk;
  return { alg, key: (await importJWK({ ...material, alg }, alg)) as CryptoKey };
}
