/**
 * The verified JWT payload of a Supabase access token. It is passed to Postgres whole, as
 * `request.jwt.claims`, exactly as PostgREST does, so auth.uid()/auth.jwt() see what they expect.
 */
export interface JwtClaims {
  sub?: string;
  role?: string;
  email?: string;
  aud?: string | string[];
  [claim: string]: unknown;
}

/** The only roles a transaction may switch to. The token's `role` picks one, never names one. */
const ALLOWED_ROLES = ['authenticated', 'anon'] as const;
export type RlsRole = (typeof ALLOWED_ROLES)[number];

export function rlsRoleFor(claims: JwtClaims): RlsRole {
  const role = ALLOWED_ROLES.find((allowed) => allowed === claims.role);
  if (!role) throw new Error(`claims.role must be one of ${ALLOWED_ROLES.join(', ')}`);
  return role;
}
