import { describe, expect, it } from 'vitest';
import { authCookieName } from './cookie-name';

describe('authCookieName', () => {
  it("is supabase-js's default: the first label of the host", () => {
    expect(authCookieName('http://127.0.0.1:54321')).toBe('sb-127-auth-token');
    expect(authCookieName('http://localhost:54321')).toBe('sb-localhost-auth-token');
    expect(authCookieName('https://abcdefghijklmnop.supabase.co')).toBe(
      'sb-abcdefghijklmnop-auth-token',
    );
  });

  it('ignores path, port and letter case of the URL', () => {
    expect(authCookieName('https://ABC.supabase.co:443/some/path')).toBe('sb-abc-auth-token');
  });

  it('refuses a value that is not a URL', () => {
    expect(() => authCookieName('not a url')).toThrow();
  });
});
