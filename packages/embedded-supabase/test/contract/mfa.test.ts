import type { SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch, createConfirmedUser, signedIn } from './clients';
import { getTarget, type Target } from './target';

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

/** The code an authenticator app shows `steps` time steps from now. */
function codeFor(secret: string, steps = 0): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    timestamp: Date.now() + steps * 30_000,
  });
}

async function enrolled(client: SupabaseClient, friendlyName = 'phone') {
  const { data, error } = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName });
  if (error) throw error;
  return data;
}

/** A signed-in user with a verified TOTP factor; `client` is at aal2 after the first code. */
async function userWithFactor(tag: string) {
  const { email } = await createConfirmedUser(target, tag);
  const { client } = await signedIn(target, email);
  const factor = await enrolled(client);
  const { error } = await client.auth.mfa.challengeAndVerify({
    factorId: factor.id,
    code: codeFor(factor.totp.secret),
  });
  if (error) throw error;
  return { email, client, factor, secret: factor.totp.secret };
}

async function claimsOf(client: SupabaseClient) {
  const { data } = await client.auth.getSession();
  return decodeJwt(data.session!.access_token) as { aal: string; amr: { method: string }[] };
}

async function rawVerify(token: string, factorId: string, challengeId: string, code: string) {
  return authFetch(target, `/factors/${factorId}/verify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-supabase-api-version': '2024-01-01' },
    body: JSON.stringify({ challenge_id: challengeId, code }),
  });
}

describe('TOTP enrolment', () => {
  it('returns the secret, the otpauth URI and an SVG QR code, and lists the unverified factor', async () => {
    const { email } = await createConfirmedUser(target, 'mfa-enroll');
    const { client } = await signedIn(target, email);
    const factor = await enrolled(client, 'laptop');
    expect(factor.type).toBe('totp');
    expect(factor.friendly_name).toBe('laptop');
    expect(factor.totp.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(factor.totp.uri).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]{32}/);
    expect(factor.totp.uri).toContain(encodeURIComponent(email));
    // auth-js prefixes GoTrue's SVG document to make a data URL.
    expect(factor.totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg/);
    const { data } = await client.auth.mfa.listFactors();
    expect(data!.all.map((f) => [f.id, f.status, f.factor_type])).toEqual([
      [factor.id, 'unverified', 'totp'],
    ]);
    expect(data!.totp).toEqual([]);
    expect(JSON.stringify(data)).not.toContain(factor.totp.secret);
  });

  it('refuses a second factor with the same friendly name, and more than max_enrolled_factors', async () => {
    const { email } = await createConfirmedUser(target, 'mfa-many');
    const { client } = await signedIn(target, email);
    await enrolled(client, 'same');
    const duplicate = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'same' });
    expect(duplicate.error?.code).toBe('mfa_factor_name_conflict');
    for (let i = 1; i < 10; i++) await enrolled(client, `device-${i}`);
    const eleventh = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'one more' });
    expect(eleventh.error?.code).toBe('too_many_enrolled_mfa_factors');
    expect(eleventh.error?.status).toBe(422);
  });
});

describe('TOTP verification', () => {
  it('raises the session to aal2 with a totp amr entry; a refreshed session keeps it', async () => {
    const { client, factor } = await userWithFactor('mfa-aal2');
    const claims = await claimsOf(client);
    expect(claims.aal).toBe('aal2');
    expect(claims.amr.map((entry) => entry.method)).toEqual(['totp', 'password']);
    const { data: level } = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' });
    const { data: factors } = await client.auth.mfa.listFactors();
    expect(factors!.totp.map((f) => f.id)).toEqual([factor.id]);

    const { data: refreshed, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    expect(decodeJwt(refreshed.session!.access_token).aal).toBe('aal2');
  });

  it('a new password sign-in is aal1 with aal2 next, until a code is entered', async () => {
    const { email, factor, secret } = await userWithFactor('mfa-next');
    const { client } = await signedIn(target, email);
    const { data: level } = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' });
    // The enrolment used this step's code; the next step's is within the allowed window.
    const { error } = await client.auth.mfa.challengeAndVerify({
      factorId: factor.id,
      code: codeFor(secret, 1),
    });
    expect(error).toBeNull();
    expect((await claimsOf(client)).aal).toBe('aal2');
  });

  it('refuses a wrong code, a code outside the window, and a code used before', async () => {
    const { email, factor, secret } = await userWithFactor('mfa-refuse');
    const { client, session } = await signedIn(target, email);
    const challenge = async () => (await client.auth.mfa.challenge({ factorId: factor.id })).data!;

    const wrong = String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0');
    for (const code of [wrong, codeFor(secret, -4), codeFor(secret, 4), codeFor(secret)]) {
      const response = await rawVerify(
        session.access_token,
        factor.id,
        (await challenge()).id,
        code,
      );
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ code: 'mfa_verification_failed' });
    }
    expect((await client.auth.mfa.getAuthenticatorAssuranceLevel()).data?.currentLevel).toBe(
      'aal1',
    );
  });

  it('a challenge answers once; a challenge of another factor or user is not found', async () => {
    const { client, factor, secret } = await userWithFactor('mfa-once');
    const { data: session } = await client.auth.getSession();
    const token = session.session!.access_token;
    const { data: challenge } = await client.auth.mfa.challenge({ factorId: factor.id });
    expect(challenge!.expires_at).toBeGreaterThan(Date.now() / 1000 + 200);
    expect((await rawVerify(token, factor.id, challenge!.id, codeFor(secret, 1))).status).toBe(200);
    const again = await rawVerify(token, factor.id, challenge!.id, codeFor(secret, 1));
    expect(await again.json()).toMatchObject({ code: 'mfa_ip_address_mismatch' });

    const stranger = await userWithFactor('mfa-stranger');
    const { data: strangerSession } = await stranger.client.auth.getSession();
    const foreign = await rawVerify(
      strangerSession.session!.access_token,
      factor.id,
      challenge!.id,
      '123456',
    );
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ code: 'mfa_factor_not_found' });
    const unknownChallenge = await rawVerify(token, factor.id, crypto.randomUUID(), '123456');
    expect(await unknownChallenge.json()).toMatchObject({ code: 'mfa_factor_not_found' });
  });
});

describe('challenge expiry', () => {
  it('a challenge older than 300 s is refused as mfa_challenge_expired, and removed', async () => {
    const { email } = await createConfirmedUser(target, 'mfa-expiry');
    const { client } = await signedIn(target, email);
    const factor = await enrolled(client);
    const { data: challenge } = await client.auth.mfa.challenge({ factorId: factor.id });
    const db = postgres(target.dbUrl, { max: 1, onnotice: () => {} });
    try {
      await db`
        update auth.mfa_challenges set created_at = now() - interval '301 seconds'
        where id = ${challenge!.id}`;
      const verify = await client.auth.mfa.verify({
        factorId: factor.id,
        challengeId: challenge!.id,
        code: codeFor(factor.totp.secret),
      });
      expect(verify.error).toMatchObject({ code: 'mfa_challenge_expired', status: 422 });
      const left = await db`select 1 from auth.mfa_challenges where id = ${challenge!.id}`;
      expect(left).toHaveLength(0);
    } finally {
      await db.end();
    }
  });
});

describe('with a verified factor', () => {
  it('an aal1 session can neither unenrol it nor enrol another', async () => {
    const { email, factor } = await userWithFactor('mfa-aal1');
    const { client } = await signedIn(target, email);
    const unenroll = await client.auth.mfa.unenroll({ factorId: factor.id });
    expect(unenroll.error).toMatchObject({ code: 'insufficient_aal', status: 422 });
    const another = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'second' });
    expect(another.error).toMatchObject({ code: 'insufficient_aal', status: 403 });
  });

  it('an aal1 session cannot change the password or email; an aal2 session can', async () => {
    const { email, client: aal2Client } = await userWithFactor('mfa-password');
    const { client } = await signedIn(target, email);
    for (const change of [{ password: 'another-horse-8' }, { email: `new-${email}` }]) {
      const { error } = await client.auth.updateUser(change);
      expect(error).toMatchObject({ code: 'insufficient_aal', status: 401 });
    }
    expect((await aal2Client.auth.updateUser({ password: 'another-horse-8' })).error).toBeNull();
  });

  it('an aal2 session unenrols it and falls back to aal1, also after a refresh', async () => {
    const { client, factor } = await userWithFactor('mfa-unenroll');
    expect((await client.auth.mfa.unenroll({ factorId: factor.id })).error).toBeNull();
    const { data: refreshed } = await client.auth.refreshSession();
    expect(decodeJwt(refreshed.session!.access_token).aal).toBe('aal1');
    const { data: level } = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal1' });
    expect((await client.auth.mfa.listFactors()).data!.all).toEqual([]);
  });

  it('verifying ends the user’s other aal1 sessions', async () => {
    const { email } = await createConfirmedUser(target, 'mfa-others');
    const other = await signedIn(target, email);
    const { client } = await signedIn(target, email);
    const factor = await enrolled(client);
    await client.auth.mfa.challengeAndVerify({
      factorId: factor.id,
      code: codeFor(factor.totp.secret),
    });
    const { error } = await other.client.auth.refreshSession();
    expect(error).not.toBeNull();
  });
});
