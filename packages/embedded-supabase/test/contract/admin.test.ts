import { AuthApiError } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  authFetch,
  createConfirmedUser,
  PASSWORD,
  signedIn,
  uniqueEmail,
  userClient,
} from './clients';
import { tokenHashIn, waitForMail } from './mailbox';
import { getTarget, type Target } from './target';

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

const admin = () => adminClient(target).auth.admin;

describe('admin API', () => {
  it('creates users: unconfirmed ones cannot sign in, confirmed ones can', async () => {
    const unconfirmed = uniqueEmail('admin-unconfirmed');
    const created = await admin().createUser({
      email: unconfirmed,
      password: PASSWORD,
      user_metadata: { name: 'U' },
      app_metadata: { tier: 'gold' },
    });
    expect(created.error).toBeNull();
    expect(created.data.user).toMatchObject({
      email: unconfirmed,
      user_metadata: { name: 'U' },
      app_metadata: { provider: 'email', providers: ['email'], tier: 'gold' },
    });
    expect(created.data.user!.email_confirmed_at).toBeUndefined();
    const refused = await userClient(target).auth.signInWithPassword({
      email: unconfirmed,
      password: PASSWORD,
    });
    expect(refused.error).toBeInstanceOf(AuthApiError);
    expect(refused.error).toMatchObject({
      status: 400,
      code: 'email_not_confirmed',
      message: 'Email not confirmed',
    });

    const { email } = await createConfirmedUser(target, 'admin-confirmed');
    expect(
      (await userClient(target).auth.signInWithPassword({ email, password: PASSWORD })).error,
    ).toBeNull();

    const duplicate = await admin().createUser({ email, password: PASSWORD });
    expect(duplicate.error).toMatchObject({ status: 422, code: 'email_exists' });
  });

  it('lists users newest first with X-Total-Count and GoTrue Link headers', async () => {
    for (let i = 0; i < 3; i++) await createConfirmedUser(target, `list-${i}`);
    const { data, error } = await admin().listUsers({ page: 1, perPage: 2 });
    expect(error).toBeNull();
    if (!('total' in data)) throw new Error('listUsers returned no pagination');
    expect(data.users).toHaveLength(2);
    expect(data.total).toBeGreaterThanOrEqual(3);
    expect(data.nextPage).toBe(2);
    expect(data.lastPage).toBe(Math.ceil(data.total / 2));
    expect(new Date(data.users[0]!.created_at) >= new Date(data.users[1]!.created_at)).toBe(true);

    const raw = await authFetch(target, '/admin/users?page=1&per_page=2', {
      headers: { authorization: `Bearer ${target.serviceRoleKey}` },
    });
    expect(raw.headers.get('x-total-count')).toBe(String(data.total));
    expect(raw.headers.get('link')).toBe(
      `</admin/users?page=2&per_page=2>; rel="next", </admin/users?page=${data.lastPage}&per_page=2>; rel="last"`,
    );
    expect(((await raw.json()) as { aud: string }).aud).toBe('authenticated');
  });

  it('reads, updates (metadata merge, ban) and deletes a user by id', async () => {
    const { email, id } = await createConfirmedUser(target, 'crud');
    expect((await admin().getUserById(id)).data.user!.email).toBe(email);

    const updated = await admin().updateUserById(id, {
      user_metadata: { nickname: 'crud' },
      app_metadata: { roles: ['editor'] },
      ban_duration: '24h',
    });
    expect(updated.error).toBeNull();
    expect(updated.data.user!.app_metadata).toMatchObject({ provider: 'email', roles: ['editor'] });
    expect(new Date(updated.data.user!.banned_until!).getTime()).toBeGreaterThan(Date.now());
    const banned = await userClient(target).auth.signInWithPassword({ email, password: PASSWORD });
    expect(banned.error).toMatchObject({ status: 400, code: 'user_banned' });

    expect((await admin().deleteUser(id)).error).toBeNull();
    const gone = await admin().getUserById(id);
    expect(gone.error).toBeInstanceOf(AuthApiError);
    expect(gone.error).toMatchObject({ status: 404, code: 'user_not_found' });
  });

  it('refuses the anon key with not_admin, and accepts the sb_secret key', async () => {
    const { error } = await adminClient(target, target.anonKey).auth.admin.listUsers();
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 403, code: 'not_admin', message: 'User not allowed' });
    const viaSecret = await adminClient(target, target.secretKey).auth.admin.listUsers({
      perPage: 1,
    });
    expect(viaSecret.error).toBeNull();
  });

  it('generates a magic link without sending mail; its action_link signs in', async () => {
    const { email } = await createConfirmedUser(target, 'generate');
    const { data, error } = await admin().generateLink({
      type: 'magiclink',
      email,
      options: { redirectTo: 'http://127.0.0.1:3000/welcome' },
    });
    expect(error).toBeNull();
    expect(data.user!.email).toBe(email);
    const properties = data.properties!;
    expect(properties).toMatchObject({
      verification_type: 'magiclink',
      redirect_to: 'http://127.0.0.1:3000/welcome',
      email_otp: expect.stringMatching(/^\d{6}$/),
      hashed_token: expect.stringMatching(/^[0-9a-f]{56}$/),
    });
    const link = new URL(properties.action_link);
    expect(`${link.origin}${link.pathname}`).toBe(`${target.url}/auth/v1/verify`);
    expect(link.searchParams.get('token')).toBe(properties.hashed_token);

    const followed = await fetch(link, { redirect: 'manual' });
    expect(followed.status).toBe(303);
    const fragment = new URLSearchParams(new URL(followed.headers.get('location')!).hash.slice(1));
    expect(fragment.get('access_token')).toBeTruthy();
  });

  it('generates signup and recovery links, and refuses recovery for a stranger (404)', async () => {
    const email = uniqueEmail('generate-signup');
    const signup = await admin().generateLink({ type: 'signup', email, password: PASSWORD });
    expect(signup.error).toBeNull();
    expect(signup.data.properties!.verification_type).toBe('signup');
    const verified = await userClient(target).auth.verifyOtp({
      token_hash: signup.data.properties!.hashed_token,
      type: 'signup',
    });
    expect(verified.error).toBeNull();
    expect((await signedIn(target, email)).session).toBeTruthy();

    const recovery = await admin().generateLink({ type: 'recovery', email });
    const code = await userClient(target).auth.verifyOtp({
      email,
      token: recovery.data.properties!.email_otp,
      type: 'recovery',
    });
    expect(code.error).toBeNull();

    const stranger = await admin().generateLink({
      type: 'recovery',
      email: uniqueEmail('stranger'),
    });
    expect(stranger.error).toMatchObject({ status: 404, code: 'user_not_found' });
  });

  it('invites by email: the invitation mail verifies into a session for the new user', async () => {
    const email = uniqueEmail('invitee');
    const { data, error } = await admin().inviteUserByEmail(email, {
      data: { invited_by: 'test' },
      redirectTo: 'http://127.0.0.1:3000/welcome',
    });
    expect(error).toBeNull();
    expect(data.user!.invited_at).toBeTruthy();
    expect(data.user!.user_metadata).toMatchObject({ invited_by: 'test' });

    const mail = await waitForMail(target, email);
    expect(mail.Subject).toBe('You have been invited');
    const verified = await userClient(target).auth.verifyOtp({
      token_hash: tokenHashIn(mail),
      type: 'invite',
    });
    expect(verified.error).toBeNull();
    expect(verified.data.user!.email_confirmed_at).toBeTruthy();

    const again = await admin().inviteUserByEmail(email);
    expect(again.error).toMatchObject({ status: 422, code: 'email_exists' });
  });
});
