import { AuthApiError, type AuthChangeEvent } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmedUser, PASSWORD, uniqueEmail, userClient } from './clients';
import { linksIn, mailsTo, tokenHashIn, waitForMail } from './mailbox';
import { getTarget, type Target } from './target';

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

describe('password recovery', () => {
  it('emails a recovery link; verifying it emits PASSWORD_RECOVERY and allows a new password', async () => {
    const { email } = await createConfirmedUser(target, 'recover');
    const client = userClient(target);
    const events: AuthChangeEvent[] = [];
    client.auth.onAuthStateChange((event) => {
      events.push(event);
    });
    const { data, error } = await client.auth.resetPasswordForEmail(email, {
      redirectTo: 'http://127.0.0.1:3000/account/password',
    });
    expect(error).toBeNull();
    expect(data).toEqual({});

    const mail = await waitForMail(target, email);
    expect(mail.Subject).toBe('Reset your password');
    expect(linksIn(mail)[0]!.searchParams.get('type')).toBe('recovery');

    const verified = await client.auth.verifyOtp({
      token_hash: tokenHashIn(mail),
      type: 'recovery',
    });
    expect(verified.error).toBeNull();
    expect(events).toContain('PASSWORD_RECOVERY');

    const same = await client.auth.updateUser({ password: PASSWORD });
    expect(same.error).toBeInstanceOf(AuthApiError);
    expect(same.error).toMatchObject({
      status: 422,
      code: 'same_password',
      message: 'New password should be different from the old password.',
    });

    expect((await client.auth.updateUser({ password: 'recovered-password' })).error).toBeNull();
    const signIn = await userClient(target).auth.signInWithPassword({
      email,
      password: 'recovered-password',
    });
    expect(signIn.error).toBeNull();
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const email = uniqueEmail('unknown');
    const { data, error } = await userClient(target).auth.resetPasswordForEmail(email);
    expect(error).toBeNull();
    expect(data).toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await mailsTo(target, email)).messages).toHaveLength(0);
  });

  it('refuses an expired or spent recovery link with otp_expired', async () => {
    const { email } = await createConfirmedUser(target, 'spent');
    await userClient(target).auth.resetPasswordForEmail(email);
    const tokenHash = tokenHashIn(await waitForMail(target, email));
    expect(
      (await userClient(target).auth.verifyOtp({ token_hash: tokenHash, type: 'recovery' })).error,
    ).toBeNull();
    const again = await userClient(target).auth.verifyOtp({
      token_hash: tokenHash,
      type: 'recovery',
    });
    expect(again.error).toBeInstanceOf(AuthApiError);
    expect(again.error).toMatchObject({ status: 403, code: 'otp_expired' });
  });
});
