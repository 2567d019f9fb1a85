import { combineChunks, stringFromBase64URL } from '@supabase/ssr';

/**
 * The session JSON inside @supabase/ssr's session cookie, or undefined. The cookie holds it either
 * raw or as `base64-<base64url>`, split into `<name>.0`, `<name>.1`, … when too long for one
 * cookie. Anything unreadable counts as signed out.
 */
export async function readSessionCookie(
  name: string,
  read: (name: string) => string | undefined,
): Promise<Record<string, unknown> | undefined> {
  const raw = await combineChunks(name, read);
  if (!raw) return undefined;
  try {
    const json = raw.startsWith('base64-') ? stringFromBase64URL(raw.slice(7)) : raw;
    const session: unknown = JSON.parse(json);
    return session && typeof session === 'object'
      ? (session as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The access token inside the session cookie, or undefined. */
export async function readAccessToken(
  name: string,
  read: (name: string) => string | undefined,
): Promise<string | undefined> {
  const token = (await readSessionCookie(name, read))?.access_token;
  return typeof token === 'string' ? token : undefined;
}
