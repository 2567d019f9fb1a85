import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmedUser, signedIn } from '../contract/clients';
import { getTarget, type Target } from '../contract/target';

// [auth.mfa] as a project that allows one factor and has switched TOTP verification off.
let target: Target;
beforeAll(async () => {
  target = await getTarget({
    embedded: {
      realtime: false,
      auth: { mfa: { maxEnrolledFactors: 1, totpEnrollEnabled: true, totpVerifyEnabled: false } },
    },
  });
});
afterAll(() => target.stop());

describe('[auth.mfa] settings', () => {
  it('max_enrolled_factors caps enrolment; verify_enabled = false refuses challenges', async () => {
    const { email } = await createConfirmedUser(target, 'mfa-settings');
    const { client } = await signedIn(target, email);
    const { data: factor } = await client.auth.mfa.enroll({
      factorType: 'totp',
      friendlyName: 'a',
    });
    const second = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'b' });
    expect(second.error).toMatchObject({ code: 'too_many_enrolled_mfa_factors', status: 422 });
    const challenge = await client.auth.mfa.challenge({ factorId: factor!.id });
    expect(challenge.error).toMatchObject({ code: 'mfa_totp_verify_not_enabled', status: 422 });
  });
});
