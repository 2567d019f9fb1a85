const DEFAULT_AFTER_SIGN_IN = '/dashboard';

/**
 * Where to send the user after signing in: `next` if it stays on this site (a path, or a URL with
 * one of `origins`, as auth emails carry), else the dashboard. The path is what the URL parser
 * makes of `next` against this site, so dot segments and backslashes are already resolved; it is
 * refused when a browser could still read it as another host (`//evil.example`, `/\evil.example`,
 * also percent-encoded), and so is any `next` with a backslash or a control character (browsers
 * drop tabs and newlines, so `/\t/evil.example` would become `//evil.example`).
 */
export function safeNextPath(
  next: string | null | undefined,
  origins: readonly string[],
  fallback = DEFAULT_AFTER_SIGN_IN,
): string {
  if (!next) return fallback;
  const [base] = origins;
  if (!base) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  try {
    const url = new URL(next, base);
    if (!origins.includes(url.origin)) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    if (!isSameSitePath(url.pathname, base)) return fallback;
    // The site root only offers to sign in again; after signing in the dashboard is the place.
    return path === '/' ? fallback : path;
  } catch {
    return fallback;
  }
}

/**
 * One leading slash, also after percent-decoding and resolving dot segments again, as often as
 * a proxy, a framework or a browser might decode it.
 */
function isSameSitePath(pathname: string, base: string): boolean {
  const origin = new URL(base).origin;
  let decoded = pathname;
  for (let round = 0; round < 5; round++) {
    if (/^\/[/\\]/.test(decoded) || decoded.includes('\\')) return false;
    const resolved = new URL(decoded, base);
    if (resolved.origin !== origin || /^\/[/\\]/.test(resolved.pathname)) return false;
    const next = decodeURIComponent(decoded);
    if (next === decoded) return true;
    decoded = next;
  }
  return false;
}

/** `/sign-in?next=…` for coming back to `path` afterwards. */
export function signInPath(path: string, page: '/sign-in' | '/sign-up' = '/sign-in'): string {
  return path === DEFAULT_AFTER_SIGN_IN ? page : `${page}?next=${encodeURIComponent(path)}`;
}
