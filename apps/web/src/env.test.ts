import { afterEach, describe, expect, it, vi } from 'vitest';

const REAL = {
  SUPABASE_URL: 'https://abcdefghijklmnop.supabase.co',
  SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_a-key-of-this-project',
  API_URL: 'http://api.internal:4000',
  WEB_URL: 'https://app.example.com',
};

/** env() of a fresh module, as a starting server reads it. */
async function readEnv(vars: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  const { env } = await import('./env');
  return () => env();
}

afterEach(() => vi.unstubAllEnvs());

describe('the web environment in production (next start)', () => {
  it('starts with real values', async () => {
    const read = await readEnv({ NODE_ENV: 'production', ...REAL });
    expect(read().WEB_URL).toBe(REAL.WEB_URL);
  });

  it('refuses the local stack, a missing WEB_URL and the demo key, naming each', async () => {
    const read = await readEnv({
      NODE_ENV: 'production',
      ...REAL,
      SUPABASE_URL: 'http://127.0.0.1:54321',
      SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
      WEB_URL: '',
    });
    expect(read).toThrow(
      /SUPABASE_URL points at the local development stack[\s\S]*WEB_URL is not set[\s\S]*SUPABASE_PUBLISHABLE_KEY holds the demo publishable key/,
    );
  });

  it('refuses the demo anon key used as the publishable key', async () => {
    const read = await readEnv({
      NODE_ENV: 'production',
      ...REAL,
      SUPABASE_PUBLISHABLE_KEY:
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
    });
    expect(read).toThrow(/SUPABASE_PUBLISHABLE_KEY holds the demo anon key/);
  });

  it('keeps the local stack in development', async () => {
    const read = await readEnv({
      NODE_ENV: 'development',
      ...REAL,
      SUPABASE_URL: 'http://127.0.0.1:54321',
      SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
    });
    expect(read().SUPABASE_URL).toBe('http://127.0.0.1:54321');
  });
});
