import 'server-only';
import { createServerClient } from '@supabase/ssr';
import type { JwtPayload } from '@supabase/supabase-js';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { env } from '@/env';
import { authCookieName } from './cookie-name';
import type { Database } from './database.types';
import { readAccessToken } from './session-cookie';

/**
 * A Supabase client that can write the session cookie: for Server Actions and Route Handlers that
 * sign in, sign out or change the user (the only places Next lets us set cookies).
 */
export async function createSupabaseServerClient() {
  const store = await cookies();
  const { SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY } = env();
  return createServerClient<Database>(SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY, {
    cookieOptions: { name: authCookieName(SUPABASE_URL) },
    cookies: {
      getAll: () => store.getAll(),
      setAll: (toSet) => {
        for (const { name, value, options } of toSet) store.set(name, value, options);
      },
    },
  });
}

export interface Session {
  userId: string;
  email: string | undefined;
  /** Verified access token, for the API's `Authorization: Bearer`. */
  accessToken: string;
  claims: JwtPayload;
}

/**
 * The signed-in user of this request, or null. Reads the session cookie as proxy.ts left it and
 * verifies the access token with getClaims(token): locally, against Auth's JWKS (cached by
 * supabase-js for 10 minutes), since user tokens are signed with an asymmetric key; only an HS256
 * token would cost a request to Auth. It never refreshes: refresh tokens are single
 * use, so if several server components (which cannot set cookies) refreshed at once, all but one
 * would fail and the new tokens would be lost. Proxy refreshes before rendering, so the token here
 * is fresh; cache() makes every component of one request share one verification.
 */
export const getSession = cache(async (): Promise<Session | null> => {
  const store = await cookies();
  const { SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY } = env();
  const accessToken = await readAccessToken(
    authCookieName(SUPABASE_URL),
    (name) => store.get(name)?.value,
  );
  if (!accessToken) return null;
  // No cookie access at all: this client can only verify the token it is given.
  const verifier = createServerClient<Database>(SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY, {
    cookies: { getAll: () => [] },
  });
  const { data, error } = await verifier.auth.getClaims(accessToken);
  if (error || !data) return null;
  return {
    userId: data.claims.sub,
    email: data.claims.email,
    accessToken,
    claims: data.claims,
  };
});

/** The signed-in user; sends everyone else to sign in (proxy.ts normally did already). */
export async function requireSession(): Promise<Session> {
  const session = await getSession();
  if (!session) redirect('/sign-in');
  return session;
}
