import { AuthApiError } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch, uniqueEmail, userClient } from './clients';
import { codeIn, linksIn, tokenHashIn, waitForMail } from './mailbox';
import { getTarget, type Target } from './target';

const SITE = 'http://127.0.0.1:3000';
const WELCOME = `${SITE}/welcome`;

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

async function requestMagicLink(email: string) {
  const { data, error } = await userClient(target).auth.signInWithOtp({
    email,
    options: { emailRedirectTo: WELCOME },
  });
  expect(error).toBeNull();
  expect(data).toEqual({ user: null, session: null });
  return waitForMail(target, email);
}

describe('magic link and email OTP', () => {
  it('emails the project template; its token_hash signs in once', async () => {
    const email = uniqueEmail('magic');
    const mail = await requestMagicLink(email);
    expect(mail.Subject).toBe('Your sign-in link');
    expect(mail.To).toEqual([{ Name: '', Address: email }]);
    const link = linksIn(mail).find((url) => url.searchParams.has('token_hash'))!;
    expect(`${link.origin}${link.pathname}`).toBe(`${SITE}/auth/confirm`);
    expect(link.searchParams.get('type')).toBe('magiclink');
    expect(link.searchParams.get('next')).toBe(WELCOME);

    const client = userClient(target);
    const tokenHash = tokenHashIn(mail);
    const { data, error } = await client.auth.verifyOtp({
      token_hash: tokenHash,
      type: 'magiclink',
    });
    expect(error).toBeNull();
    expect(data.user!.email).toBe(email);
    expect(decodeJwt(data.session!.access_token).amr).toEqual([
      { method: 'otp', timestamp: expect.any(Number) },
    ]);

    const reused = await userClient(target).auth.verifyOtp({
      token_hash: tokenHash,
      type: 'magiclink',
    });
    expect(reused.error).toBeInstanceOf(AuthApiError);
    expect(reused.error).toMatchObject({
      status: 403,
      code: 'otp_expired',
      message: 'Email link is invalid or has expired',
    });
  });

  it('accepts the emailed code with the address, and refuses a wrong one', async () => {
    const email = uniqueEmail('code');
    const mail = await requestMagicLink(email);
    const wrong = await userClient(target).auth.verifyOtp({
      email,
      token: '000000',
      type: 'email',
    });
    expect(wrong.error).toMatchObject({
      status: 403,
      code: 'otp_expired',
      message: 'Token has expired or is invalid',
    });
    const { data, error } = await userClient(target).auth.verifyOtp({
      email,
      token: codeIn(mail),
      type: 'email',
    });
    expect(error).toBeNull();
    expect(data.session!.user.email).toBe(email);
  });

  it('creates the account on first use, and refuses strangers with create_user false', async () => {
    const email = uniqueEmail('created');
    await requestMagicLink(email);
    const { data } = await userClient(target).auth.verifyOtp({
      email,
      token: codeIn(await waitForMail(target, email)),
      type: 'email',
    });
    expect(data.user!.email_confirmed_at).toBeTruthy();

    const { error } = await userClient(target).auth.signInWithOtp({
      email: uniqueEmail('stranger'),
      options: { shouldCreateUser: false },
    });
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'otp_disabled',
      message: 'Signups not allowed for otp',
    });
  });

  it('GET /verify (no API key) answers 303 to redirect_to with the session in the fragment', async () => {
    const email = uniqueEmail('get-verify');
    const tokenHash = tokenHashIn(await requestMagicLink(email));
    const response = await fetch(
      `${target.url}/auth/v1/verify?token=${tokenHash}&type=magiclink&redirect_to=${encodeURIComponent(WELCOME)}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(WELCOME);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('bearer');
    expect(fragment.get('type')).toBe('magiclink');
    expect(fragment.get('expires_in')).toBe('3600');
    expect(fragment.get('refresh_token')).toMatch(/^[a-zA-Z0-9]{12}$/);
    const { data } = await userClient(target).auth.getUser(fragment.get('access_token')!);
    expect(data.user!.email).toBe(email);
  });

  it("leaves redirect_to in action links as given unless it holds & = or # (GoTrue's encodeRedirectURL)", async () => {
    const admin = userClient(target, target.serviceRoleKey);
    const linkFor = async (redirectTo: string) => {
      const { data, error } = await admin.auth.admin.generateLink({
        type: 'magiclink',
        email: uniqueEmail('redirect-encoding'),
        options: { redirectTo },
      });
      expect(error).toBeNull();
      return data.properties!.action_link;
    };
    const plain = await linkFor(WELCOME);
    expect(plain).toMatch(new RegExp(`&redirect_to=${WELCOME.replaceAll('.', '\\.')}$`));
    const withQuery = await linkFor(`${WELCOME}?next=/items&tab=2`);
    expect(withQuery).toMatch(
      /&redirect_to=http%3A%2F%2F127\.0\.0\.1%3A3000%2Fwelcome%3Fnext%3D%2Fitems%26tab%3D2$/,
    );
    // Both forms lead where they were asked to.
    for (const [link, expected] of [
      [plain, WELCOME],
      [withQuery, `${WELCOME}?next=/items&tab=2`],
    ] as const) {
      const response = await fetch(link, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')!.split('#')[0]).toBe(expected);
    }
  });

  it('GET /verify with a spent link redirects with the error in the fragment', async () => {
    const response = await fetch(
      `${target.url}/auth/v1/verify?token=${'0'.repeat(56)}&type=magiclink&redirect_to=${encodeURIComponent(WELCOME)}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(location.search).toBe('');
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(Object.fromEntries(fragment)).toEqual({
      error: 'access_denied',
      error_code: 'otp_expired',
      error_description: 'Email link is invalid or has expired',
      sb: '',
    });
  });

  it('sends a redirect_to outside the allow-list to site_url instead', async () => {
    const response = await fetch(
      `${target.url}/auth/v1/verify?token=${'0'.repeat(56)}&type=magiclink&redirect_to=${encodeURIComponent('https://evil.test/steal')}`,
      { redirect: 'manual' },
    );
    expect(response.headers.get('location')!.startsWith(`${SITE}#`)).toBe(true);
  });

  it('refuses a second email within max_frequency with 429 over_email_send_rate_limit', async () => {
    const email = uniqueEmail('frequency');
    await requestMagicLink(email);
    const { error } = await userClient(target).auth.signInWithOtp({ email });
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
  });

  it('answers 400 validation_failed for a verify without a type', async () => {
    const response = await authFetch(target, '/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' },
      body: JSON.stringify({ token_hash: 'x' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-sb-error-code')).toBe('validation_failed');
    expect(await response.json()).toEqual({
      code: 'validation_failed',
      message: 'Verify requires a verification type',
    });
  });
});
