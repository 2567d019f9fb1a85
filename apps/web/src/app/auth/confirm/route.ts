import type { EmailOtpType } from '@supabase/supabase-js';
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { siteOrigins } from '@/lib/request-origin';
import { safeNextPath } from '@/lib/safe-next';
import { createSupabaseServerClient } from '@/lib/supabase/server';

const TYPES: readonly EmailOtpType[] = [
  'signup',
  'magiclink',
  'recovery',
  'invite',
  'email_change',
  'email',
];

/**
 * Where auth emails lead (supabase/templates): verifies the token_hash, which works in whichever
 * browser opens the email, sets the session cookie and goes on to `next` (same site only).
 */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const tokenHash = params.get('token_hash');
  const type = params.get('type') as EmailOtpType | null;
  if (!tokenHash || !type || !TYPES.includes(type)) redirect('/auth/error?code=invalid_link');

  const supabase = await createSupabaseServerClient();
  const { data, error } = await supabase.auth
    .verifyOtp({ token_hash: tokenHash, type })
    .catch((thrown: unknown) => ({ data: null, error: thrown as { code?: string } }));
  if (error) redirect(`/auth/error?code=${encodeURIComponent(errorCode(error))}`);
  // An email change takes a link to each address; only the last one signs in with the new email.
  if (type === 'email_change') redirect(`/profile?email=${data?.session ? 'changed' : 'pending'}`);

  const fallback = type === 'recovery' ? '/update-password' : undefined;
  redirect(safeNextPath(params.get('next'), await siteOrigins(), fallback));
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'network';
}
