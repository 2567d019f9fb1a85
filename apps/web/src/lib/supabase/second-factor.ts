import type { SupabaseClient } from '@supabase/supabase-js';

/** The page that asks for the authenticator code after the first factor. */
export const SECOND_FACTOR_PATH = '/mfa';

/**
 * Whether this session is aal1 while its user has a verified factor (so it should go through the
 * second-factor page). It reads the session cookie only, no request to Auth; the database
 * enforces aal2 on its own for what matters (migrations/0006_mfa_aal2.sql).
 */
export async function secondFactorPending(supabase: SupabaseClient): Promise<boolean> {
  const { data } = await supabase.auth.mfa.getAuthenticatorAssuranceLevel();
  return data?.currentLevel === 'aal1' && data.nextLevel === 'aal2';
}
