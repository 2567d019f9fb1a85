/**
 * Name of the session cookie: supabase-js's default (`sb-<first label of the host>-auth-token`,
 * so `sb-127-auth-token` locally). Every client names it explicitly so the server can read the
 * session without going through a client that might refresh it (see server.ts).
 */
export function authCookieName(supabaseUrl: string): string {
  return `sb-${new URL(supabaseUrl).hostname.split('.')[0]}-auth-token`;
}
