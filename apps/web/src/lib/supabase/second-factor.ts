/** The page that asks for the authenticator code after the first factor. */
export const SECOND_FACTOR_PATH = '/mfa';

/**
 * Whether a session is aal1 while its user has a verified factor, so it goes through the
 * second-factor page first: auth-js's getAuthenticatorAssuranceLevel() rule, on the verified
 * claims and the user the session cookie carries (no request to Auth). The cookie is the
 * browser's, so this only routes; the database enforces aal2 itself (migrations/0006_mfa_aal2.sql).
 */
export function secondFactorPending(
  claims: { aal?: unknown },
  session: { user?: unknown } | undefined,
): boolean {
  if (claims.aal !== 'aal1') return false;
  const user = session?.user as { factors?: unknown } | undefined;
  return (
    Array.isArray(user?.factors) &&
    user.factors.some((factor) => (factor as { status?: unknown } | null)?.status === 'verified')
  );
}
