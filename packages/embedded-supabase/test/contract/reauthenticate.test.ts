import { AuthApiError } from '@supabase/supabase-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch, createConfirmedUser, signedIn, userClient } from './clients';
import { codeIn, waitForMail } from './mailbox';
import { getTarget, type Target } from './target';

// As a hosted project with "Secure password change" and anonymous sign-ins switched on, and
// one email per minute per user and kind.
let target: Target;
let sql: postgres.Sql;
beforeAll(async () => {
  target = await getTarget({
    embedded: {
      auth: { securePasswordChange: true, enableAnonymousSignIns: true, maxFrequency: 60 },
    },
  });
  sql = postgres(target.dbUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
  await target.stop();
});

/** Makes the session look signed in 25 hours ago (GoTrue then wants a nonce). */
async function ageSession(accessToken: string) {
  const { session_id: id } = JSON.parse(
    Buffer.from(accessToken.split('.')[1]!, 'base64url').toString(),
  );
  await sql`update auth.sessions set created_at = now() - interval '25 hours' where id = ${id}`;
}

function errorOf(result: { error: unknown }) {
  expect(result.error).toBeInstanceOf(AuthApiError);
  const error = result.error as AuthApiError;
  return { status: error.status, code: error.code };
}

describe('reauthenticate() and secure password change', () => {
  it('lets a session signed in within 24 hours change the password without a nonce', async () => {
    const { email } = await createConfirmedUser(target, 'fresh-session');
    const { client } = await signedIn(target, email);
    expect((await client.auth.updateUser({ password: 'fresh-password-1' })).error).toBeNull();
  });

  it('wants the emailed nonce from an older session: missing, wrong and reused nonces fail', async () => {
    const { email } = await createConfirmedUser(target, 'old-session');
    const { client, session } = await signedIn(target, email);
    await ageSession(session.access_token);

    expect(errorOf(await client.auth.updateUser({ password: 'new-password-1' }))).toEqual({
      status: 400,
      code: 'reauthentication_needed',
    });
    // A nonce that was never sent.
    expect(
      errorOf(await client.auth.updateUser({ password: 'new-password-1', nonce: '123456' })),
    ).toEqual({ status: 422, code: 'reauthentication_not_valid' });

    expect(await client.auth.reauthenticate()).toEqual({
      data: { user: null, session: null },
      error: null,
    });
    const mail = await waitForMail(target, email);
    expect(mail.Subject).toBe('Confirm reauthentication');
    const nonce = codeIn(mail);
    const wrong = nonce === '000000' ? '111111' : '000000';
    expect(
      errorOf(await client.auth.updateUser({ password: 'new-password-1', nonce: wrong })),
    ).toEqual({ status: 422, code: 'reauthentication_not_valid' });

    expect((await client.auth.updateUser({ password: 'new-password-1', nonce })).error).toBeNull();
    const { error } = await userClient(target).auth.signInWithPassword({
      email,
      password: 'new-password-1',
    });
    expect(error).toBeNull();
    // Single use: the same nonce cannot change it again.
    expect(errorOf(await client.auth.updateUser({ password: 'new-password-2', nonce }))).toEqual({
      status: 422,
      code: 'reauthentication_not_valid',
    });
  });

  it('sends one nonce per max_frequency, and needs a signed-in user with an address', async () => {
    const { email } = await createConfirmedUser(target, 'nonce-twice');
    const { client } = await signedIn(target, email);
    expect((await client.auth.reauthenticate()).error).toBeNull();
    expect(errorOf(await client.auth.reauthenticate())).toEqual({
      status: 429,
      code: 'over_email_send_rate_limit',
    });

    const anonymous = userClient(target);
    await anonymous.auth.signInAnonymously();
    expect(errorOf(await anonymous.auth.reauthenticate())).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    const unauthenticated = await authFetch(target, '/reauthenticate', {
      headers: { 'x-supabase-api-version': '2024-01-01' },
    });
    expect(unauthenticated.status).toBe(401);
  });
});

describe('anonymous sign-ins ([auth] enable_anonymous_sign_ins = true)', () => {
  it('signs in without an address: role authenticated, is_anonymous in the token and the user', async () => {
    const client = userClient(target);
    const { data, error } = await client.auth.signInAnonymously({
      options: { data: { plan: 'trial' } },
    });
    expect(error).toBeNull();
    const claims = JSON.parse(
      Buffer.from(data.session!.access_token.split('.')[1]!, 'base64url').toString(),
    );
    expect(claims).toMatchObject({ role: 'authenticated', is_anonymous: true, email: '' });
    expect(data.user).toMatchObject({ is_anonymous: true, user_metadata: { plan: 'trial' } });
    const { data: verified } = await client.auth.getClaims();
    expect(verified!.claims.is_anonymous).toBe(true);
  });

  it('is refused with anonymous_provider_disabled where the project has it off', async () => {
    const plain = await getTarget();
    try {
      const { error } = await userClient(plain).auth.signInAnonymously();
      expect(error).toBeInstanceOf(AuthApiError);
      expect([(error as AuthApiError).status, (error as AuthApiError).code]).toEqual([
        422,
        'anonymous_provider_disabled',
      ]);
    } finally {
      await plain.stop();
    }
  });
});
