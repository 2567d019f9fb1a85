import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPath } from './safe-next';

const SITE = 'https://app.example.com';
const ORIGINS = [SITE, 'http://127.0.0.1:3000'];
const safe = (next: string | null | undefined) => safeNextPath(next, ORIGINS);

/** Where a browser goes when the server answers `Location: <path>` on our site. */
const landsOn = (path: string) => new URL(path, SITE).origin;

describe('safeNextPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safe('/orgs/42/settings?tab=members#invite')).toBe(
      '/orgs/42/settings?tab=members#invite',
    );
    expect(safe('/profile')).toBe('/profile');
    expect(safe('/x/../profile')).toBe('/profile');
    expect(safe('https://app.example.com/profile?a=1')).toBe('/profile?a=1');
    expect(safe('http://127.0.0.1:3000/dashboard')).toBe('/dashboard');
    expect(safe('profile')).toBe('/profile');
    expect(safe('/search?q=//not-a-host')).toBe('/search?q=//not-a-host');
    expect(safe('/files/a%2Fb')).toBe('/files/a%2Fb');
  });

  it('falls back to the dashboard for nothing, the root, and other sites', () => {
    for (const next of [null, undefined, '', '/', 'https://evil.example/', 'javascript:alert(1)']) {
      expect(safe(next)).toBe('/dashboard');
    }
    expect(safeNextPath('/profile', [])).toBe('/dashboard');
    expect(safeNextPath('https://evil.example', ORIGINS, '/sign-in')).toBe('/sign-in');
  });

  // Each of these once passed (or would pass a naive check) and sent the browser to another host.
  const OPEN_REDIRECTS = [
    '//evil.example',
    '///evil.example',
    '/.//evil.example',
    '/././/evil.example',
    '/x/..//evil.example',
    '/x/../..//evil.example',
    '/%2e//evil.example',
    '/%2e%2e//evil.example',
    '/./\\evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    '\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/%2f%2fevil.example',
    '/%2F/evil.example',
    '/%5cevil.example',
    '/%5Cevil.example',
    '/%252f%252fevil.example',
    '/%25252f%25252fevil.example',
    '/\u0000/evil.example',
    'https://evil.example@app.example.com.evil.example/',
    'https://app.example.com@evil.example/',
    'http:/\\evil.example',
    '//app.example.com@evil.example',
    '/.%2f/evil.example',
  ];

  it.each(OPEN_REDIRECTS)('refuses %j', (next) => {
    const path = safe(next);
    expect(path).toBe('/dashboard');
  });

  it('never returns a path that a browser reads as another host', () => {
    // Every result, of these and of the kept paths, stays on the site when used as a Location.
    for (const next of [...OPEN_REDIRECTS, '/profile', 'profile', 'https:evil.example']) {
      const path = safe(next);
      expect(path.startsWith('/')).toBe(true);
      expect(path.startsWith('//')).toBe(false);
      expect(landsOn(path)).toBe(SITE);
    }
  });
});

describe('signInPath', () => {
  it('carries the path back through next, and drops it for the dashboard', () => {
    expect(signInPath('/orgs/1?x=2')).toBe('/sign-in?next=%2Forgs%2F1%3Fx%3D2');
    expect(signInPath('/dashboard', '/sign-up')).toBe('/sign-up');
    expect(safe(new URL(signInPath('/orgs/1?x=2'), SITE).searchParams.get('next'))).toBe(
      '/orgs/1?x=2',
    );
  });
});
