import { combineChunks, stringFromBase64URL } from '@supabase/ssr';

/**
 * The access token inside @supabase/ssr's session cookie, or undefined. The cookie holds the
 * session JSON, either raw or as `base64-<base64url>`, and is split into `<name>.0`, `<name>.1`, …
 * when too long for one cookie. Anything unreadable counts as signed out.
 */
export async function readAccessToken(
  name: string,
  read: (name: string) => string | undefined,
): Promise<string | undefined> {
  const raw = await combineChunks(name, read);
  if (!raw) return undefined;
  try {
    const json = raw.startsWith('base64-') ? stringFromBase64URL(raw.slice(7)) : raw;
    const session: unknown = JSON.parse(json);
    const token = (session as { access_token?: unknown } | null)?.access_token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}
