import { AuthApiError, AuthWeakPasswordError } from '@supabase/supabase-js';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch, PASSWORD, uniqueEmail, userClient } from './clients';
import { getTarget, type Target } from './target';

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

describe('sign-up and password sign-in', () => {
  it('signs up with autoconfirm: a session whose token has exactly GoTrue claims', async () => {
    const email = uniqueEmail('signup');
    const { data, error } = await userClient(target).auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { display_name: 'Ada' } },
    });
    expect(error).toBeNull();
    const session = data.session!;
    expect(session.token_type).toBe('bearer');
    expect(session.refresh_token).toMatch(/^[a-zA-Z0-9]{12}$/);
    expect(session.expires_at! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);

    // A hosted project's default since 2025: an asymmetric key named by kid (signing-keys.test.ts).
    expect(decodeProtectedHeader(session.access_token)).toMatchObject({
      alg: 'ES256',
      typ: 'JWT',
      kid: expect.any(String),
    });
    const claims = decodeJwt(session.access_token);
    expect(Object.keys(claims)).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'email',
      'phone',
      'app_metadata',
      'user_metadata',
      'role',
      'aal',
      'amr',
      'session_id',
      'is_anonymous',
    ]);
    expect(claims).toMatchObject({
      iss: `${target.url}/auth/v1`,
      sub: data.user!.id,
      aud: 'authenticated',
      email,
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { display_name: 'Ada', email_verified: true, sub: data.user!.id },
    });
    expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
    expect(claims.exp! - claims.iat!).toBe(3600);

    const user = data.user!;
    expect(user).toMatchObject({ aud: 'authenticated', role: 'authenticated', email, phone: '' });
    expect(user.email_confirmed_at).toBeTruthy();
    expect(user.identities).toHaveLength(1);
    expect(user.identities![0]).toMatchObject({
      provider: 'email',
      id: user.id,
      user_id: user.id,
      email,
    });
  });

  it('refuses a second sign-up with AuthApiError user_already_exists (422)', async () => {
    const email = uniqueEmail('twice');
    await userClient(target).auth.signUp({ email, password: PASSWORD });
    const { error } = await userClient(target).auth.signUp({ email, password: PASSWORD });
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'user_already_exists',
      message: 'User already registered',
    });
  });

  it('refuses a short password with AuthWeakPasswordError and its reasons', async () => {
    const { error } = await userClient(target).auth.signUp({
      email: uniqueEmail('weak'),
      password: '123',
    });
    expect(error).toBeInstanceOf(AuthWeakPasswordError);
    expect(error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length'] });
    expect(error!.message).toBe('Password should be at least 6 characters.');
  });

  it('refuses a sign-up without a password or with a malformed email (400 validation_failed)', async () => {
    const noPassword = await userClient(target).auth.signUp({
      email: uniqueEmail('nopw'),
      password: '',
    });
    expect(noPassword.error).toMatchObject({ status: 400, code: 'validation_failed' });
    const badEmail = await userClient(target).auth.signUp({
      email: 'not-an-email',
      password: PASSWORD,
    });
    expect(badEmail.error).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('refuses anonymous sign-ins while they are disabled', async () => {
    const { error } = await userClient(target).auth.signInAnonymously();
    expect(error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled' });
  });

  it('signs in with the password, and says invalid_credentials for a wrong one or a stranger', async () => {
    const email = uniqueEmail('signin');
    await userClient(target).auth.signUp({ email, password: PASSWORD });
    const ok = await userClient(target).auth.signInWithPassword({
      email: email.toUpperCase(),
      password: PASSWORD,
    });
    expect(ok.error).toBeNull();
    expect(ok.data.user!.email).toBe(email);
    expect(decodeJwt(ok.data.session!.access_token).amr).toEqual([
      { method: 'password', timestamp: expect.any(Number) },
    ]);

    for (const attempt of [
      { email, password: 'wrong-password' },
      { email: uniqueEmail('nobody'), password: PASSWORD },
    ]) {
      const { error } = await userClient(target).auth.signInWithPassword(attempt);
      expect(error).toBeInstanceOf(AuthApiError);
      expect(error).toMatchObject({
        status: 400,
        code: 'invalid_credentials',
        message: 'Invalid login credentials',
      });
    }
  });

  it('answers getUser and getClaims (verified locally against the JWKS) for the session', async () => {
    const client = userClient(target);
    const email = uniqueEmail('claims');
    await client.auth.signUp({ email, password: PASSWORD });
    const { data: user } = await client.auth.getUser();
    expect(user.user!.email).toBe(email);
    const { data, error } = await client.auth.getClaims();
    expect(error).toBeNull();
    expect(data!.claims).toMatchObject({
      email,
      role: 'authenticated',
      session_id: expect.any(String),
    });
    expect(data!.header).toMatchObject({ alg: 'ES256' });
  });

  it('works the same with the publishable key (mapped to the anon JWT by the gateway)', async () => {
    const email = uniqueEmail('publishable');
    const client = userClient(target, target.publishableKey);
    const { error } = await client.auth.signUp({ email, password: PASSWORD });
    expect(error).toBeNull();
    expect((await client.auth.getUser()).data.user!.email).toBe(email);
  });

  it('serves /health, /settings and the public signing keys', async () => {
    const health = await (await authFetch(target, '/health')).json();
    expect(health).toMatchObject({ name: 'GoTrue' });
    const settings = await (await authFetch(target, '/settings')).json();
    expect(settings).toMatchObject({
      external: { email: true, phone: false, anonymous_users: false, github: false },
      disable_signup: false,
      mailer_autoconfirm: true,
    });
    const jwks = await authFetch(target, '/.well-known/jwks.json');
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=600');
    const { keys } = (await jwks.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kid: expect.any(String), use: 'sig', key_ops: ['verify'] });
      expect(key).not.toHaveProperty('d');
    }
  });
});
