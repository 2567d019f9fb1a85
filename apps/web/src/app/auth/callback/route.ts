import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { siteOrigins } from '@/lib/request-origin';
import { safeNextPath } from '@/lib/safe-next';
import { createSupabaseServerClient } from '@/lib/supabase/server';

/**
 * PKCE callback (OAuth, and email links of a PKCE flow): trades `?code` for a session using the
 * code verifier cookie this browser got when the flow started, then goes on to `next`.
 */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const code = params.get('code');
  if (!code)
    redirect(`/auth/error?code=${encodeURIComponent(params.get('error_code') ?? 'invalid_link')}`);

  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth
    .exchangeCodeForSession(code)
    .catch((thrown: unknown) => ({ error: thrown as { code?: string } }));
  if (error) redirect(`/auth/error?code=${encodeURIComponent(error.code ?? 'network')}`);
  redirect(safeNextPath(params.get('next'), await siteOrigins()));
}
