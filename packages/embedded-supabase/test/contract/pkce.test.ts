import { AuthApiError, type AuthChangeEvent } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authFetch,
  createConfirmedUser,
  PASSWORD,
  ssrClient,
  uniqueEmail,
  userClient,
} from './clients';
import { tokenHashIn, waitForMail } from './mailbox';
import { getTarget, type Target } from './target';

const CALLBACK = 'http://127.0.0.1:3000/auth/callback';
const COOKIE = 'sb-127-auth-token';

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

/** Follows an emailed PKCE link the way a browser does and returns the code it lands with. */
async function followLink(tokenHash: string, type: string): Promise<string> {
  expect(tokenHash.startsWith('pkce_')).toBe(true);
  const response = await fetch(
    `${target.url}/auth/v1/verify?token=${tokenHash}&type=${type}&redirect_to=${encodeURIComponent(CALLBACK)}`,
    { redirect: 'manual' },
  );
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  return location.searchParams.get('code')!;
}

/** @supabase/ssr stores cookie values as `base64-` + base64url(JSON). */
function cookieValue(cookies: Map<string, string>, name: string): unknown {
  const raw = cookies.get(name)!;
  const json = raw.startsWith('base64-') ? Buffer.from(raw.slice(7), 'base64url').toString() : raw;
  return JSON.parse(json);
}

describe('PKCE through @supabase/ssr cookies', () => {
  it('magic link: verifier in a cookie, 303 with ?code=, exchange sets the session cookie, once', async () => {
    const email = uniqueEmail('pkce');
    const { client, cookies } = ssrClient(target);
    const { error } = await client.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: CALLBACK },
    });
    expect(error).toBeNull();
    const verifier = cookieValue(cookies, `${COOKIE}-code-verifier`) as string;
    expect(verifier).toMatch(/^[0-9a-f]{112}$/);

    const code = await followLink(tokenHashIn(await waitForMail(target, email)), 'magiclink');
    expect(code).toMatch(/^[0-9a-f-]{36}$/);
    const { data, error: exchangeError } = await client.auth.exchangeCodeForSession(code);
    expect(exchangeError).toBeNull();
    expect(data.user!.email).toBe(email);
    expect(decodeJwt(data.session!.access_token).amr).toEqual([
      { method: 'magiclink', timestamp: expect.any(Number) },
    ]);
    expect(cookies.has(`${COOKIE}-code-verifier`)).toBe(false);
    expect(cookieValue(cookies, COOKIE)).toMatchObject({
      access_token: data.session!.access_token,
    });

    // The code is single use, even with the right verifier.
    const replay = await authFetch(target, '/token?grant_type=pkce', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' },
      body: JSON.stringify({ auth_code: code, code_verifier: verifier }),
    });
    expect(replay.status).toBe(404);
    expect(await replay.json()).toMatchObject({ code: 'flow_state_not_found' });
  });

  it('refuses a wrong verifier (bad_code_verifier) and an unknown code (flow_state_not_found)', async () => {
    const email = uniqueEmail('pkce-bad');
    const { client } = ssrClient(target);
    await client.auth.signInWithOtp({ email, options: { emailRedirectTo: CALLBACK } });
    const code = await followLink(tokenHashIn(await waitForMail(target, email)), 'magiclink');

    const wrong = await authFetch(target, '/token?grant_type=pkce', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' },
      body: JSON.stringify({ auth_code: code, code_verifier: 'f'.repeat(112) }),
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: 'bad_code_verifier' });

    const unknown = await client.auth.exchangeCodeForSession(crypto.randomUUID());
    expect(unknown.error).toBeInstanceOf(AuthApiError);
    expect(unknown.error).toMatchObject({ status: 404, code: 'flow_state_not_found' });
  });

  it('recovery: the code yields PASSWORD_RECOVERY, then the new password works', async () => {
    const { email } = await createConfirmedUser(target, 'pkce-recovery');
    const { client, cookies } = ssrClient(target);
    const events: AuthChangeEvent[] = [];
    client.auth.onAuthStateChange((event) => {
      events.push(event);
    });
    await client.auth.resetPasswordForEmail(email, { redirectTo: CALLBACK });
    expect(cookieValue(cookies, `${COOKIE}-code-verifier`)).toMatch(/\/recovery$/);

    const code = await followLink(tokenHashIn(await waitForMail(target, email)), 'recovery');
    const { error } = await client.auth.exchangeCodeForSession(code);
    expect(error).toBeNull();
    expect(events).toContain('PASSWORD_RECOVERY');

    const updated = await client.auth.updateUser({ password: 'a-brand-new-password' });
    expect(updated.error).toBeNull();
    const signIn = await userClient(target).auth.signInWithPassword({
      email,
      password: 'a-brand-new-password',
    });
    expect(signIn.error).toBeNull();
    const old = await userClient(target).auth.signInWithPassword({ email, password: PASSWORD });
    expect(old.error).toMatchObject({ code: 'invalid_credentials' });
  });

  it('verifyOtp with the pkce_ token_hash signs in directly (the /auth/confirm route of @supabase/ssr)', async () => {
    const email = uniqueEmail('pkce-confirm');
    const { client, cookies } = ssrClient(target);
    await client.auth.signInWithOtp({ email, options: { emailRedirectTo: CALLBACK } });
    const tokenHash = tokenHashIn(await waitForMail(target, email));
    const { data, error } = await ssrClient(target).client.auth.verifyOtp({
      token_hash: tokenHash,
      type: 'magiclink',
    });
    expect(error).toBeNull();
    expect(data.user!.email).toBe(email);
    expect(cookies.has(COOKIE)).toBe(false); // the other "browser" got the session
  });
});
