import { AuthApiError, AuthSessionMissingError } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createConfirmedUser, signedIn, uniqueEmail, userClient } from './clients';
import { tokenHashIn, waitForMail } from './mailbox';
import { getTarget, type Target } from './target';

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

describe('GET and PUT /user', () => {
  it('merges user metadata (null removes a key) and refuses app_metadata from a user', async () => {
    const { email } = await createConfirmedUser(target, 'metadata');
    const { client } = await signedIn(target, email);
    await client.auth.updateUser({ data: { theme: 'dark', plan: 'free' } });
    const { data, error } = await client.auth.updateUser({ data: { plan: null, locale: 'de' } });
    expect(error).toBeNull();
    expect(data.user!.user_metadata).toMatchObject({ theme: 'dark', locale: 'de' });
    expect(data.user!.user_metadata).not.toHaveProperty('plan');

    const response = await fetch(`${target.url}/auth/v1/user`, {
      method: 'PUT',
      headers: {
        apikey: target.anonKey,
        authorization: `Bearer ${(await client.auth.getSession()).data.session!.access_token}`,
        'content-type': 'application/json',
        'x-supabase-api-version': '2024-01-01',
      },
      body: JSON.stringify({ app_metadata: { role: 'admin' } }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'not_admin' });
  });

  it('changes the email once the emailed link is followed (links go to both addresses)', async () => {
    const { email } = await createConfirmedUser(target, 'old-address');
    const newEmail = uniqueEmail('new-address');
    const { client } = await signedIn(target, email);
    const { data, error } = await client.auth.updateUser(
      { email: newEmail },
      { emailRedirectTo: 'http://127.0.0.1:3000/account' },
    );
    expect(error).toBeNull();
    expect(data.user!.email).toBe(email);
    expect(data.user!.new_email).toBe(newEmail);

    const toNew = await waitForMail(target, newEmail);
    const toOld = await waitForMail(target, email);
    expect(toNew.Subject).toBe('Confirm your new email');
    expect(toOld.HTML).toContain(newEmail);

    const verified = await userClient(target).auth.verifyOtp({
      token_hash: tokenHashIn(toNew),
      type: 'email_change',
    });
    expect(verified.error).toBeNull();
    expect(verified.data.user!.email).toBe(newEmail);
    const signIn = await userClient(target).auth.signInWithPassword({
      email: newEmail,
      password: 'correct-horse-7',
    });
    expect(signIn.error).toBeNull();
  });

  it('refuses an address another account uses (422 email_exists)', async () => {
    const taken = await createConfirmedUser(target, 'taken');
    const { email } = await createConfirmedUser(target, 'wants-taken');
    const { client } = await signedIn(target, email);
    const { error } = await client.auth.updateUser({ email: taken.email });
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 422, code: 'email_exists' });
  });

  it('a new password signs out every other session of the user', async () => {
    const { email } = await createConfirmedUser(target, 'password-change');
    const mine = await signedIn(target, email);
    const other = await signedIn(target, email);
    expect((await mine.client.auth.updateUser({ password: 'another-password' })).error).toBeNull();

    expect((await mine.client.auth.getUser()).error).toBeNull();
    const refreshed = await other.client.auth.refreshSession();
    expect(refreshed.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
    const { error } = await userClient(target).auth.getUser(other.session.access_token);
    expect(error).toBeInstanceOf(AuthSessionMissingError);
  });

  it('answers bad_jwt (403) for a tampered or expired token', async () => {
    const { email } = await createConfirmedUser(target, 'bad-jwt');
    const { session } = await signedIn(target, email);
    const tampered = `${session.access_token.slice(0, -4)}AAAA`;
    const bad = await userClient(target).auth.getUser(tampered);
    expect(bad.error).toBeInstanceOf(AuthApiError);
    expect(bad.error).toMatchObject({ status: 403, code: 'bad_jwt' });

    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({
      sub: session.user.id,
      role: 'authenticated',
      aud: 'authenticated',
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(new TextEncoder().encode(target.jwtSecret));
    const late = await userClient(target).auth.getUser(expired);
    expect(late.error).toMatchObject({ status: 403, code: 'bad_jwt' });
  });

  it('says user_not_found once an admin deleted the user', async () => {
    const { email, id } = await createConfirmedUser(target, 'deleted');
    const { session } = await signedIn(target, email);
    await adminClient(target).auth.admin.deleteUser(id);
    const { error } = await userClient(target).auth.getUser(session.access_token);
    expect(error).toMatchObject({ status: 403, code: 'user_not_found' });
  });
});
