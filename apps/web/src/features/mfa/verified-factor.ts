import 'server-only';
import { createServerClient } from '@supabase/ssr';
import { env } from '@/env';
import { requireSession } from '@/lib/supabase/server';

/** The id of the signed-in user's verified authenticator, asked of Auth (not the cookie). */
export async function verifiedTotpFactorId(): Promise<string | null> {
  const { accessToken } = await requireSession();
  const { SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY } = env();
  // Server components cannot write cookies: this client only reads the user of the token.
  const client = createServerClient(SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY, {
    cookies: { getAll: () => [] },
  });
  const { data } = await client.auth.getUser(accessToken);
  const factor = data.user?.factors?.find(
    (candidate) => candidate.factor_type === 'totp' && candidate.status === 'verified',
  );
  return factor?.id ?? null;
}
