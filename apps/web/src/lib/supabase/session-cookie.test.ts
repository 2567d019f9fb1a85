import { createChunks, stringToBase64URL } from '@supabase/ssr';
import { describe, expect, it } from 'vitest';
import { readAccessToken } from './session-cookie';

const NAME = 'sb-127-auth-token';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';

/** Reads from a cookie jar the way server.ts reads Next's cookie store. */
const read = (jar: Record<string, string>) => readAccessToken(NAME, (name) => jar[name]);

/** The cookies @supabase/ssr writes for a session value (its own encoder and chunker). */
function jarFor(value: string): Record<string, string> {
  return Object.fromEntries(createChunks(NAME, value).map((chunk) => [chunk.name, chunk.value]));
}

const session = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ access_token: TOKEN, refresh_token: 'r', expires_at: 1, ...extra });

describe('readAccessToken', () => {
  it('reads a base64url session cookie as @supabase/ssr writes it', async () => {
    expect(await read(jarFor(`base64-${stringToBase64URL(session())}`))).toBe(TOKEN);
  });

  it('reads the older raw JSON form', async () => {
    expect(await read({ [NAME]: session() })).toBe(TOKEN);
  });

  it('joins a session split over several cookies, in order', async () => {
    // Long user metadata (an avatar as a data URL, say) pushes the session over one cookie.
    const value = `base64-${stringToBase64URL(session({ user: { bio: 'x'.repeat(9000) } }))}`;
    const jar = jarFor(value);
    expect(Object.keys(jar)).toEqual([`${NAME}.0`, `${NAME}.1`, `${NAME}.2`, `${NAME}.3`]);
    expect(await read(jar)).toBe(TOKEN);
  });

  it('decodes base64url, not base64: `-` and `_`, no padding, non-ASCII text', async () => {
    // Characters whose UTF-8 bytes encode to `-`/`_` in base64url and `+`/`/` in base64.
    const value = `base64-${stringToBase64URL(session({ user: { name: 'Zoë ~~~ 東京 ??>' } }))}`;
    expect(value).toMatch(/[-_]/);
    expect(value).not.toMatch(/[+/=]/);
    expect(await read({ [NAME]: value })).toBe(TOKEN);
  });

  it('is signed out without a cookie, or with only a chunk that does not start at .0', async () => {
    expect(await read({})).toBeUndefined();
    expect(await read({ [`${NAME}.1`]: 'base64-e30' })).toBeUndefined();
  });

  it('ignores cookies of another project', async () => {
    expect(await read({ 'sb-other-auth-token': session() })).toBeUndefined();
  });

  it('treats malformed cookies as signed out instead of throwing', async () => {
    for (const value of [
      'base64-',
      'base64-!!!not-base64!!!',
      `base64-${stringToBase64URL('{"access_token":')}`,
      '{not json',
      'null',
      '"a string"',
      '[]',
      JSON.stringify({ access_token: 42 }),
      JSON.stringify({ access_token: null }),
      JSON.stringify({ refresh_token: 'r' }),
    ]) {
      expect(await read({ [NAME]: value }), value).toBeUndefined();
    }
  });

  it('does not join a chunked session that lost a middle chunk into a token', async () => {
    const jar = jarFor(`base64-${stringToBase64URL(session({ pad: 'y'.repeat(5000) }))}`);
    delete jar[`${NAME}.1`];
    expect(await read(jar)).toBeUndefined();
  });
});
