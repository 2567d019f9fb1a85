/** The request header carrying this response's CSP nonce to server components (the root layout). */
export const NONCE_HEADER = 'x-nonce';

export interface CspOptions {
  /** Fresh per response: only scripts carrying it run. */
  nonce: string;
  /** Supabase project URL: Auth over https and Realtime over wss (runtime config, not build time). */
  supabaseUrl: string;
  /** The API's URL, should the browser call it. */
  apiUrl?: string;
  /** `next dev`: React's dev build needs eval for its error overlays. */
  development: boolean;
}

/**
 * The page's Content-Security-Policy. Scripts run only with the nonce (Next.js puts it on its own
 * scripts when it finds it in the request's CSP) and what they load ('strict-dynamic'); styles
 * may be inline because React renders style attributes and Radix/sonner set them, which a nonce
 * cannot cover; images may come from any https host (avatars are user-chosen URLs). No page may
 * be framed, no plugin loaded, and forms post only here or to Supabase (OAuth sign-in redirects).
 */
export function contentSecurityPolicy(options: CspOptions): string {
  const supabase = new URL(options.supabaseUrl);
  const realtime = new URL(supabase);
  realtime.protocol = supabase.protocol === 'https:' ? 'wss:' : 'ws:';
  const connect = ["'self'", supabase.origin, realtime.origin];
  if (options.apiUrl) connect.push(new URL(options.apiUrl).origin);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': [
      "'self'",
      `'nonce-${options.nonce}'`,
      "'strict-dynamic'",
      ...(options.development ? ["'unsafe-eval'"] : []),
    ],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': connect,
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'", supabase.origin],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** A nonce of 128 random bits. */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** Headers every response carries besides the CSP (also set for static files in next.config.ts). */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};
