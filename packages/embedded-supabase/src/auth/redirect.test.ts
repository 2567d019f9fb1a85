import { describe, expect, it } from 'vitest';
import { isRedirectAllowed, redirectTarget } from './redirect';

const rules = {
  siteUrl: 'http://127.0.0.1:3000',
  additionalRedirectUrls: ['http://localhost:3000/**', 'https://*.example.com/cb'],
};

describe('redirect allow-list', () => {
  it('allows any URL on the site host, and URLs matching the patterns', () => {
    expect(isRedirectAllowed(rules, 'http://127.0.0.1:4000/anything?x=1')).toBe(true);
    expect(isRedirectAllowed(rules, 'http://localhost:3000/auth/callback?next=/a')).toBe(true);
    expect(isRedirectAllowed(rules, 'https://app.example.com/cb')).toBe(true);
  });

  it('keeps * within one segment and refuses other hosts', () => {
    expect(isRedirectAllowed(rules, 'https://a.b.example.com/cb')).toBe(false);
    expect(isRedirectAllowed(rules, 'https://evil.test/cb')).toBe(false);
    expect(isRedirectAllowed(rules, undefined)).toBe(false);
  });

  it('falls back to the Referer, then to site_url', () => {
    expect(redirectTarget(rules, 'https://evil.test', 'http://localhost:3000/x')).toBe(
      'http://localhost:3000/x',
    );
    expect(redirectTarget(rules, 'https://evil.test', undefined)).toBe('http://127.0.0.1:3000');
  });
});
