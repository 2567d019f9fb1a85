import type { NextRequest } from 'next/server';
import { env } from '@/env';
import {
  contentSecurityPolicy,
  createNonce,
  NONCE_HEADER,
  STATIC_SECURITY_HEADERS,
} from '@/lib/security-headers';
import { updateSession } from '@/lib/supabase/proxy';

export async function proxy(request: NextRequest) {
  const nonce = createNonce();
  const csp = contentSecurityPolicy({
    nonce,
    supabaseUrl: env().SUPABASE_URL,
    apiUrl: env().API_URL,
    // biome-ignore lint/style/noProcessEnv: Next.js inlines NODE_ENV at build; it is not configuration.
    development: process.env.NODE_ENV === 'development',
  });
  // On the request, Next.js reads the nonce from the CSP and puts it on its scripts; the layout
  // reads x-nonce for the theme script.
  request.headers.set('content-security-policy', csp);
  request.headers.set(NONCE_HEADER, nonce);
  const response = await updateSession(request);
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  // Every page and Server Action (they post to their page), but none of Next's own files (assets,
  // the dev server's HMR socket) or images; next.config.ts gives those the static headers.
  matcher: ['/((?!_next/|favicon.ico|icon.svg|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)'],
};
