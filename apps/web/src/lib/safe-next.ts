const DEFAULT_AFTER_SIGN_IN = '/dashboard';

/**
 * Where to send the user after signing in: `next` if it stays on this site (a path, or a URL with
 * one of `origins`, as auth emails carry), else the dashboard. Stops open redirects such as
 * `next=https://evil.example` or `next=//evil.example`.
 */
export function safeNextPath(
  next: string | null | undefined,
  origins: readonly string[],
  fallback = DEFAULT_AFTER_SIGN_IN,
): string {
  if (!next) return fallback;
  const [base] = origins;
  if (!base) return fallback;
  try {
    const url = new URL(next, base);
    if (!origins.includes(url.origin) || !url.pathname.startsWith('/')) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    // The site root only offers to sign in again; after signing in the dashboard is the place.
    return path === '/' ? fallback : path;
  } catch {
    return fallback;
  }
}

/** `/sign-in?next=…` for coming back to `path` afterwards. */
export function signInPath(path: string, page: '/sign-in' | '/sign-up' = '/sign-in'): string {
  return path === DEFAULT_AFTER_SIGN_IN ? page : `${page}?next=${encodeURIComponent(path)}`;
}
