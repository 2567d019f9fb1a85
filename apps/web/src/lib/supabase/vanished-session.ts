import 'server-only';
import { createSupabaseServerClient } from './server';

/**
 * Whether Auth no longer knows the signed-in user or session (account deleted, `pnpm db:reset`).
 * Access tokens are verified locally against the JWKS, so such a token stays valid until it
 * expires; this asks Auth itself, which costs a request, so callers ask only after the API has
 * refused something. When gone, the cookies are cleared here (a Server Action may write them).
 */
export async function sessionVanished(): Promise<boolean> {
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.getUser();
  const code = (error as { code?: string } | null)?.code;
  const vanished = code === 'user_not_found' || code === 'session_not_found';
  if (vanished) await supabase.auth.signOut({ scope: 'local' });
  return vanished;
}
