import {
  AuthApiError,
  AuthRetryableFetchError,
  AuthUnknownError,
  AuthWeakPasswordError,
} from '@supabase/supabase-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authCodeMessage, authErrorMessage } from './auth-errors';

describe('authErrorMessage', () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  afterEach(() => logged.mockClear());

  it("words GoTrue's error codes for people", () => {
    const error = new AuthApiError('Invalid login credentials', 400, 'invalid_credentials');
    expect(authErrorMessage(error)).toMatch(/email and password do not match/);
    expect(logged).not.toHaveBeenCalled();
  });

  it('lists what a weak password lacks', () => {
    const error = new AuthWeakPasswordError('Password should be at least 8 characters.', 422, [
      'length',
    ]);
    expect(authErrorMessage(error)).toBe(
      'Choose a stronger password: Password should be at least 8 characters.',
    );
  });

  it('treats an unmapped 429 as a rate limit and other unmapped errors as unknown (logged)', () => {
    expect(authErrorMessage(new AuthApiError('slow down', 429, 'brand_new_code'))).toMatch(
      /Too many attempts/,
    );
    expect(authErrorMessage(new AuthApiError('boom', 500, 'unexpected_failure'))).toBe(
      'Something went wrong. Try again.',
    );
    expect(logged).toHaveBeenCalled();
  });

  it('says the service is unreachable for network failures and anything that is not an auth error', () => {
    expect(authErrorMessage(new AuthRetryableFetchError('fetch failed', 0))).toMatch(/Can't reach/);
    expect(authErrorMessage(new AuthUnknownError('?', new Error('x')))).toMatch(
      /Something went wrong/,
    );
    expect(authErrorMessage(new TypeError('fetch failed'))).toMatch(/Can't reach/);
  });
});

describe('authCodeMessage', () => {
  it('words known codes from links and falls back for unknown or missing ones', () => {
    expect(authCodeMessage('otp_expired')).toMatch(/expired or was already used/);
    for (const code of [null, undefined, '', 'constructor', '__proto__', 'nope']) {
      expect(authCodeMessage(code), String(code)).toBe(
        'This link is not valid any more. Request a new one.',
      );
    }
  });
});
