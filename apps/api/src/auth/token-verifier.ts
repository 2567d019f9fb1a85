import type { JwtClaims } from '@repo/database';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { ApiError } from '../http/errors';
import { isStorableText } from '../http/schemas';

export interface TokenVerifierConfig {
  /** HS256 shared secret (Supabase's legacy JWT secret); omit to accept only JWKS-signed tokens. */
  jwtSecret?: string;
  /** `${SUPABASE_URL}/auth/v1/.well-known/jwks.json`, for ES256/RS256 signing keys. */
  jwksUrl: URL;
  issuer: string;
  audience: string;
}

/** A signed-in user's verified access token. */
export interface VerifiedUser {
  id: string;
  email: string | undefined;
  claims: JwtClaims;
}

export type TokenVerifier = (token: string) => Promise<VerifiedUser>;

const ASYMMETRIC = ['ES256', 'RS256'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Far deeper than Supabase's claims (3 levels); bounds the walk and PostgreSQL's JSON parser. */
const MAX_CLAIM_DEPTH = 16;

/** Whether every key and string in the claims can travel into PostgreSQL as jsonb. */
function isCarriable(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth >= MAX_CLAIM_DEPTH) return false;
  return Object.entries(value).every(
    ([key, child]) => isStorableText(key) && isCarriable(child, depth + 1),
  );
}

/**
 * Verifies Supabase access tokens with jose: signature (HS256 secret or the project's JWKS, chosen
 * by the token's header but only from this allowlist, so `alg: none` or an HS256 token forged with
 * a public key never pass), expiry, issuer and audience. Only user tokens pass: the anon and
 * service_role keys are not users.
 */
export function createTokenVerifier(config: TokenVerifierConfig): TokenVerifier {
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : undefined;
  const jwks = createRemoteJWKSet(config.jwksUrl, {
    cooldownDuration: 30_000,
    cacheMaxAge: 600_000,
  });
  const algorithms = [...(secret ? ['HS256'] : []), ...ASYMMETRIC];
  const keyFor: JWTVerifyGetKey = (header, token) =>
    header.alg === 'HS256' && secret ? secret : jwks(header, token);

  return async (token) => {
    try {
      decodeProtectedHeader(token);
    } catch {
      throw invalidToken('The access token is not a JWT.');
    }
    let payload: JwtClaims;
    try {
      ({ payload } = await jwtVerify<JwtClaims>(token, keyFor, {
        algorithms,
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw toApiError(error);
    }
    if (payload.role !== 'authenticated' || typeof payload.sub !== 'string') {
      throw invalidToken('This token does not belong to a signed-in user.');
    }
    // The claims become `request.jwt.claims` and auth.uid() casts `sub` to uuid: refuse here what
    // PostgreSQL would fail on, so a signed but unusable token is a 401 and never reaches a query.
    if (!UUID.test(payload.sub)) {
      throw invalidToken('The access token\'s "sub" claim is not a user id.');
    }
    if (!isCarriable(payload, 0)) {
      throw invalidToken(
        'The access token carries text PostgreSQL cannot store (NUL or invalid Unicode) or nests too deep.',
      );
    }
    return {
      id: payload.sub,
      email: typeof payload.email === 'string' ? payload.email : undefined,
      claims: payload,
    };
  };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof errors.JWTExpired) {
    return new ApiError(
      401,
      'token_expired',
      'The access token has expired. Refresh the session and retry.',
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalidToken(`The access token's "${error.claim}" claim is not accepted here.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return invalidToken('The access token is signed with an algorithm this API does not accept.');
  }
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWSSignatureVerificationFailed
  ) {
    return invalidToken('The access token signature is not valid.');
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new ApiError(
      503,
      'auth_unavailable',
      'Signing keys could not be fetched from Supabase Auth.',
    );
  }
  return invalidToken('The access token could not be verified.');
}

const invalidToken = (message: string) => new ApiError(401, 'invalid_token', message);
