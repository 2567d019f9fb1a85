import type { JWTPayload } from 'jose';

/** Claims Realtime accepts: `role` and `exp` are required (docs/supabase-compatibility.md §2.1). */
export type Claims = JWTPayload & { role: string; exp: number };

export type VerifyJwt = (token: string) => Promise<JWTPayload>;

/**
 * Why a token was refused, with Realtime's wording. `code` prefixes join error reasons
 * ("InvalidJWTToken: Token has expired 12 seconds ago").
 */
export class TokenError extends Error {
  constructor(
    readonly code: 'InvalidJWTToken' | 'JwtSignatureError' | 'MalformedJWT',
    message: string,
    readonly expired = false,
  ) {
    super(message);
  }

  /** The wording of the refused WebSocket upgrade, which does not count seconds. */
  get connectMessage(): string {
    return this.expired ? 'Token has expired' : this.message;
  }

  get reason(): string {
    return `${this.code}: ${this.message}`;
  }
}

export async function verifyToken(verifyJwt: VerifyJwt, token: string): Promise<Claims> {
  let claims: JWTPayload;
  try {
    claims = await verifyJwt(token);
  } catch (error) {
    throw tokenError(error);
  }
  if (typeof claims.role !== 'string' || typeof claims.exp !== 'number') {
    throw new TokenError('InvalidJWTToken', 'Fields `role` and `exp` are required in JWT');
  }
  return claims as Claims;
}

function tokenError(error: unknown): TokenError {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ERR_JWT_EXPIRED') {
    const exp = (error as { payload?: JWTPayload }).payload?.exp ?? 0;
    const secondsAgo = Math.floor(Date.now() / 1000) - exp;
    return new TokenError('InvalidJWTToken', `Token has expired ${secondsAgo} seconds ago`, true);
  }
  // A kid outside the key set is a signature nobody here can vouch for.
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JWKS_NO_MATCHING_KEY') {
    return new TokenError('JwtSignatureError', 'Failed to validate JWT signature');
  }
  return new TokenError('MalformedJWT', 'The token provided is not a valid JWT');
}

/** Milliseconds until `exp`, capped like Realtime's periodic re-check (and Node's timer range). */
export function msUntilExpiry(claims: Claims): number {
  const hour = 60 * 60 * 1000;
  return Math.max(0, Math.min(hour, claims.exp * 1000 - Date.now()));
}
