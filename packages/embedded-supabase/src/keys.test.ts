import { describe, expect, it } from 'vitest';
import { CLI_DEFAULT_KEYS, resolveApiKeys } from './keys';

describe('API keys', () => {
  it('reproduces the CLI default anon and service_role keys from the default secret', async () => {
    const keys = await resolveApiKeys();
    expect(keys).toEqual(CLI_DEFAULT_KEYS);
  });

  it('signs different keys for a different secret', async () => {
    const keys = await resolveApiKeys({ jwtSecret: 'another-secret-of-at-least-thirty-two-chars' });
    expect(keys.anon).not.toBe(CLI_DEFAULT_KEYS.anon);
    expect(keys.anon.split('.')[1]).toBe(CLI_DEFAULT_KEYS.anon.split('.')[1]);
  });
});
