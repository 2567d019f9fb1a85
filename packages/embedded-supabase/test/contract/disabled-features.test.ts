import { AuthApiError, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch, createConfirmedUser, signedIn, userClient } from './clients';
import { getTarget, type Target } from './target';

let target: Target;
let client: SupabaseClient;
let accessToken: string;
beforeAll(async () => {
  target = await getTarget();
  const { email } = await createConfirmedUser(target, 'disabled');
  const signed = await signedIn(target, email);
  client = signed.client;
  accessToken = signed.session.access_token;
});
afterAll(() => target.stop());

const API = { 'x-supabase-api-version': '2024-01-01', 'content-type': 'application/json' };

/** GoTrue's answer to a raw request: status and error code. */
async function answer(path: string, init: RequestInit & { token?: string; key?: string } = {}) {
  const headers = new Headers({ ...API, ...(init.headers as Record<string, string>) });
  if (init.key) headers.set('apikey', init.key);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const response = await authFetch(target, path, { ...init, headers });
  const body = (await response.json()) as { code?: string };
  return [response.status, body.code];
}

function codeOf(error: unknown): [number, string | undefined] {
  expect(error).toBeInstanceOf(AuthApiError);
  return [(error as AuthApiError).status, (error as AuthApiError).code];
}

describe('features a project has switched off answer with GoTrue codes, never a bare 404', () => {
  it('SSO (SAML 2.0)', async () => {
    const { error } = await client.auth.signInWithSSO({ domain: 'example.test' });
    expect(codeOf(error)).toEqual([404, 'saml_provider_disabled']);
    expect(await answer('/sso/saml/metadata')).toEqual([404, 'saml_provider_disabled']);
    expect(
      await answer('/admin/sso/providers', {
        key: target.serviceRoleKey,
        token: target.serviceRoleKey,
      }),
    ).toEqual([404, 'saml_provider_disabled']);
  });

  it('passkeys (WebAuthn)', async () => {
    for (const path of ['/passkeys/authentication/options', '/passkeys/registration/options']) {
      expect(await answer(path, { method: 'POST', body: '{}', token: accessToken })).toEqual([
        404,
        'passkey_disabled',
      ]);
    }
    expect(await answer('/passkeys', { token: accessToken })).toEqual([404, 'passkey_disabled']);
  });

  it('phone sign-in, sign-up and codes', async () => {
    const password = await client.auth.signInWithPassword({
      phone: '+15550100',
      password: 'x-123456',
    });
    expect(codeOf(password.error)).toEqual([422, 'phone_provider_disabled']);
    const otp = await userClient(target).auth.signInWithOtp({ phone: '+15550100' });
    expect(codeOf(otp.error)).toEqual([400, 'phone_provider_disabled']);
    const signUp = await userClient(target).auth.signUp({
      phone: '+15550100',
      password: 'x-123456',
    });
    expect(codeOf(signUp.error)).toEqual([400, 'phone_provider_disabled']);
    const resend = await userClient(target).auth.resend({ type: 'sms', phone: '+15550100' });
    expect(codeOf(resend.error)).toEqual([400, 'phone_provider_disabled']);
  });

  it('ID-token and Web3 sign-ins', async () => {
    const google = await userClient(target).auth.signInWithIdToken({
      provider: 'google',
      token: 'e30.e30.e30',
    });
    expect(codeOf(google.error)).toEqual([400, 'provider_disabled']);
    expect(
      await answer('/token?grant_type=web3', {
        method: 'POST',
        body: JSON.stringify({ chain: 'ethereum', message: 'm', signature: '0x00' }),
      }),
    ).toEqual([422, 'web3_provider_disabled']);
  });

  it('Supabase as an OAuth server for third-party apps', async () => {
    expect(await answer('/oauth/authorize?client_id=x')).toEqual([404, 'feature_disabled']);
    expect(await answer('/user/oauth/grants', { token: accessToken })).toEqual([
      404,
      'feature_disabled',
    ]);
    expect(
      await answer('/admin/oauth/clients', {
        key: target.serviceRoleKey,
        token: target.serviceRoleKey,
      }),
    ).toEqual([404, 'feature_disabled']);
    // Still behind the admin key, as GoTrue checks credentials first.
    expect(await answer('/admin/oauth/clients', { token: accessToken })).toEqual([
      403,
      'not_admin',
    ]);
  });

  it('identity linking while [auth] enable_manual_linking is off (the default)', async () => {
    const { error } = await client.auth.linkIdentity({ provider: 'github' });
    expect(codeOf(error)).toEqual([404, 'manual_linking_disabled']);
    const identity = (await client.auth.getUserIdentities()).data!.identities[0]!;
    expect(codeOf((await client.auth.unlinkIdentity(identity)).error)).toEqual([
      404,
      'manual_linking_disabled',
    ]);
    // Authentication still comes first.
    expect(await answer('/user/identities/authorize?provider=github')).toEqual([
      401,
      'no_authorization',
    ]);
  });
});

describe('identity linking with [auth] enable_manual_linking = true', () => {
  let linking: Target;
  let sql: postgres.Sql;
  beforeAll(async () => {
    linking = await getTarget({ embedded: { auth: { enableManualLinking: true } } });
    sql = postgres(linking.dbUrl, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql.end();
    await linking.stop();
  });

  it('refuses providers that are not enabled, and unlinks down to one identity only', async () => {
    const { email, id } = await createConfirmedUser(linking, 'linking');
    const { client: user } = await signedIn(linking, email);
    const link = await user.auth.linkIdentity({ provider: 'github' });
    expect(codeOf(link.error)).toEqual([400, 'validation_failed']);

    const [emailIdentity] = (await user.auth.getUserIdentities()).data!.identities;
    expect(codeOf((await user.auth.unlinkIdentity(emailIdentity!)).error)).toEqual([
      422,
      'single_identity_not_deletable',
    ]);

    // A second identity, as an OAuth link would have left (none can be enabled here).
    await sql`
      insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
      values ('gh-1', ${id}, ${sql.json({ sub: 'gh-1' })}, 'github', now(), now())`;
    const identities = (await user.auth.getUserIdentities()).data!.identities;
    expect(identities.map((i) => i.provider).sort()).toEqual(['email', 'github']);
    const github = identities.find((i) => i.provider === 'github')!;
    const stranger = { ...github, identity_id: '00000000-0000-4000-8000-000000000000' };
    expect(codeOf((await user.auth.unlinkIdentity(stranger)).error)).toEqual([
      422,
      'identity_not_found',
    ]);
    expect((await user.auth.unlinkIdentity(github)).error).toBeNull();
    const left = await user.auth.getUser();
    expect(left.data.user!.identities!.map((i) => i.provider)).toEqual(['email']);
    expect(left.data.user!.app_metadata.providers).toEqual(['email']);
  });
});
