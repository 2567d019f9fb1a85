/** Pages anyone may open; every other page needs a session (proxy.ts enforces it). */
const PUBLIC_PREFIXES = [
  '/sign-in',
  '/sign-up',
  '/forgot-password',
  '/auth/',
  '/invitations/accept',
];

export function isPublicPath(pathname: string): boolean {
  return (
    pathname === '/' ||
    PUBLIC_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix))
  );
}

/** Pages a signed-in user has no use for; they go to the dashboard instead. */
export function isSignedOutOnlyPath(pathname: string): boolean {
  return pathname === '/' || pathname === '/sign-in' || pathname === '/sign-up';
}
