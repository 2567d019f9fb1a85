import { createServerClient } from '@supabase/ssr';
import { type NextRequest, NextResponse } from 'next/server';
import { env } from '@/env';
import { isPublicPath, isSignedOutOnlyPath } from '../routes';
import { safeNextPath, signInPath } from '../safe-next';
import { authCookieName } from './cookie-name';
import type { Database } from './database.types';
import { SECOND_FACTOR_PATH, secondFactorPending } from './second-factor';
import { readSessionCookie } from './session-cookie';

/**
 * The one place the session is refreshed: getClaims() refreshes an expiring access token, and
 * the new cookies go both to the page being rendered (request cookies) and to the browser
 * (response cookies). Server components then only read them (see server.ts). It verifies the
 * token from Auth's cached JWKS, so a page view makes no request to Auth
 * (e2e/session-verification.spec.ts).
 */
export async function updateSession(request: NextRequest): Promise<NextResponse> {
  const { SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY } = env();
  let response = NextResponse.next({ request });
  const supabase = createServerClient<Database>(SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY, {
    cookieOptions: { name: authCookieName(SUPABASE_URL) },
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (toSet, headers) => {
        for (const { name, value } of toSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of toSet) response.cookies.set(name, value, options);
        // Responses that set auth cookies must never be cached for another user.
        for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
      },
    },
  });

  // Nothing may run between creating the client and getClaims(), or a refresh could be lost.
  const { data } = await supabase.auth.getClaims();
  const signedIn = Boolean(data?.claims);
  const { pathname, search } = request.nextUrl;

  // A Server Action answered with a redirect to the sign-in page reaches its caller as an HTML
  // page it cannot read ("Can't reach the server"). Actions check the session themselves
  // (requireSession), and their redirect() is one the client follows.
  const serverAction = request.method === 'POST' && request.headers.has('next-action');
  if (!signedIn && !isPublicPath(pathname) && !serverAction) {
    return redirectKeepingCookies(request, response, signInPath(`${pathname}${search}`));
  }
  // A user with an authenticator signed in with one factor only: the code comes first.
  const pending =
    data?.claims != null &&
    secondFactorPending(
      data.claims,
      await readSessionCookie(
        authCookieName(SUPABASE_URL),
        (name) => request.cookies.get(name)?.value,
      ),
    );
  if (pending && pathname !== SECOND_FACTOR_PATH && !isPublicPath(pathname)) {
    const next = encodeURIComponent(`${pathname}${search}`);
    return redirectKeepingCookies(request, response, `${SECOND_FACTOR_PATH}?next=${next}`);
  }
  if (signedIn && !pending && pathname === SECOND_FACTOR_PATH) {
    const next = safeNextPath(request.nextUrl.searchParams.get('next'), [request.nextUrl.origin]);
    return redirectKeepingCookies(request, response, next);
  }
  if (signedIn && isSignedOutOnlyPath(pathname)) {
    // /sign-in?next=… while signed in: go straight where the link wanted to go.
    const next = safeNextPath(request.nextUrl.searchParams.get('next'), [request.nextUrl.origin]);
    return redirectKeepingCookies(request, response, next);
  }
  return response;
}

function redirectKeepingCookies(
  request: NextRequest,
  response: NextResponse,
  path: string,
): NextResponse {
  const redirect = NextResponse.redirect(new URL(path, request.url));
  for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
  const cacheControl = response.headers.get('cache-control');
  if (cacheControl) redirect.headers.set('cache-control', cacheControl);
  return redirect;
}
