import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce } from './security-headers';

const directives = (csp: string) =>
  Object.fromEntries(
    csp.split('; ').map((directive) => {
      const [name, ...values] = directive.split(' ');
      return [name, values];
    }),
  );

describe('contentSecurityPolicy', () => {
  const base = { nonce: 'abc123', supabaseUrl: 'https://proj.supabase.co', development: false };

  it('runs only scripts with the nonce, and never eval in production', () => {
    const csp = directives(contentSecurityPolicy(base));
    expect(csp['script-src']).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(contentSecurityPolicy(base)).not.toContain('unsafe-eval');
    expect(
      directives(contentSecurityPolicy({ ...base, development: true }))['script-src'],
    ).toContain("'unsafe-eval'");
  });

  it('connects to Supabase over https and wss, and to the API only when given', () => {
    expect(directives(contentSecurityPolicy(base))['connect-src']).toEqual([
      "'self'",
      'https://proj.supabase.co',
      'wss://proj.supabase.co',
    ]);
    const local = contentSecurityPolicy({
      ...base,
      supabaseUrl: 'http://127.0.0.1:54321/',
      apiUrl: 'http://127.0.0.1:4000/v1',
    });
    expect(directives(local)['connect-src']).toEqual([
      "'self'",
      'http://127.0.0.1:54321',
      'ws://127.0.0.1:54321',
      'http://127.0.0.1:4000',
    ]);
  });

  it('forbids framing, plugins and foreign form targets', () => {
    const csp = directives(contentSecurityPolicy(base));
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['form-action']).toEqual(["'self'", 'https://proj.supabase.co']);
  });
});

describe('createNonce', () => {
  it('gives 128 random bits as base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
