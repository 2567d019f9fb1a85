import { AuthApiError } from '@supabase/supabase-js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  authFetch,
  createConfirmedUser,
  PASSWORD,
  signedIn,
  ssrClient,
  uniqueEmail,
  userClient,
} from './clients';
import { mailsTo, tokenHashIn, waitForMail } from './mailbox';
import { getTarget } from './target';

// Sign-ups confirmed by email ([auth.email] enable_confirmations = true). The embedded target is
// started that way; a running stack is only tested here if its config.toml says so too.
const target = await getTarget({ embedded: { auth: { enableConfirmations: true } } });
const settings = (await (await authFetch(target, '/settings')).json()) as {
  mailer_autoconfirm: boolean;
};
afterAll(() => target.stop());

describe.runIf(settings.mailer_autoconfirm === false)('sign-up with email confirmation', () => {
  it('returns the user without a session and emails a confirmation; sign-in waits for it', async () => {
    const email = uniqueEmail('confirm');
    const { data, error } = await userClient(target).auth.signUp({
      email,
      password: PASSWORD,
      options: { emailRedirectTo: 'http://127.0.0.1:3000/welcome' },
    });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user).toMatchObject({
      email,
      identities: [expect.objectContaining({ provider: 'email' })],
    });
    expect(data.user!.confirmation_sent_at).toBeTruthy();

    const early = await userClient(target).auth.signInWithPassword({ email, password: PASSWORD });
    expect(early.error).toBeInstanceOf(AuthApiError);
    expect(early.error).toMatchObject({ status: 400, code: 'email_not_confirmed' });

    const mail = await waitForMail(target, email);
    expect(mail.Subject).toBe('Confirm your email');
    const verified = await userClient(target).auth.verifyOtp({
      token_hash: tokenHashIn(mail),
      type: 'signup',
    });
    expect(verified.error).toBeNull();
    expect(verified.data.user!.email_confirmed_at).toBeTruthy();
    expect(
      (await userClient(target).auth.signInWithPassword({ email, password: PASSWORD })).error,
    ).toBeNull();
  });

  it('answers a repeated sign-up of a confirmed address with a look-alike user (no identities)', async () => {
    const { email, id } = await createConfirmedUser(target, 'repeat');
    const { data, error } = await userClient(target).auth.signUp({ email, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user!.id).not.toBe(id);
    expect(data.user!.identities).toEqual([]);
  });

  it('resends the confirmation after max_frequency, and refuses it before', async () => {
    const email = uniqueEmail('resend');
    await userClient(target).auth.signUp({ email, password: PASSWORD });
    const tooSoon = await userClient(target).auth.resend({ type: 'signup', email });
    expect(tooSoon.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await userClient(target).auth.resend({ type: 'signup', email })).error).toBeNull();
    await waitForMail(target, email, 2);
    expect((await mailsTo(target, email)).messages).toHaveLength(2);
  });

  it('confirms a PKCE sign-up through GET /verify and the code exchange', async () => {
    const email = uniqueEmail('pkce-signup');
    const { client } = ssrClient(target);
    await client.auth.signUp({
      email,
      password: PASSWORD,
      options: { emailRedirectTo: 'http://127.0.0.1:3000/auth/callback' },
    });
    const tokenHash = tokenHashIn(await waitForMail(target, email));
    expect(tokenHash.startsWith('pkce_')).toBe(true);
    const response = await fetch(`${target.url}/auth/v1/verify?token=${tokenHash}&type=signup`, {
      redirect: 'manual',
    });
    const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
    const { data, error } = await client.auth.exchangeCodeForSession(code);
    expect(error).toBeNull();
    expect(data.user!.email_confirmed_at).toBeTruthy();
  });

  it('changes an email only after both links are followed (double_confirm_changes)', async () => {
    const { email } = await createConfirmedUser(target, 'double-old');
    const newEmail = uniqueEmail('double-new');
    const { client } = await signedIn(target, email);
    expect((await client.auth.updateUser({ email: newEmail })).error).toBeNull();

    const first = await userClient(target).auth.verifyOtp({
      token_hash: tokenHashIn(await waitForMail(target, email)),
      type: 'email_change',
    });
    expect(first.error).toBeNull();
    expect(first.data).toEqual({ user: null, session: null });
    expect((await client.auth.getUser()).data.user!.email).toBe(email);

    const second = await userClient(target).auth.verifyOtp({
      token_hash: tokenHashIn(await waitForMail(target, newEmail)),
      type: 'email_change',
    });
    expect(second.error).toBeNull();
    expect(second.data.user!.email).toBe(newEmail);
  });
});
