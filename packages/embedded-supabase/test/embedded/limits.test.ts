import { request } from 'node:http';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { BODY_LIMITS } from '../../src/gateway';
import { createConfirmedUser, PASSWORD, uniqueEmail } from '../contract/clients';
import { codeIn, mailsTo, waitForMail } from '../contract/mailbox';
import { getTarget, type Target } from '../contract/target';

// config.toml's [auth.rate_limit] as shipped (token_verifications and sign_in_sign_ups 30 per
// 5 minutes, token_refresh 150), keyed on X-Forwarded-For as GoTrue behind a proxy, and a small
// hourly email budget so it runs out within the test.
const shipped = loadConfig().auth.rateLimits;
const EMAILS_PER_HOUR = 4;
/** GoTrue's burst for the per-5-minute limits: the first 30 requests pass at once. */
const BURST = 30;

let target: Target;
beforeAll(async () => {
  expect(shipped.tokenVerifications).toBe(30);
  target = await getTarget({
    embedded: {
      realtime: false,
      auth: {
        rateLimits: { ...shipped, emailSent: EMAILS_PER_HOUR },
        rateLimitHeader: 'X-Forwarded-For',
      },
    },
  });
});
afterAll(() => target.stop());

let nextAddress = 1;
/** A supabase-js client whose requests come from their own address (behind a proxy). */
function clientFrom(ip = `198.51.100.${nextAddress++}`): SupabaseClient {
  return createClient(target.url, target.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: { 'X-Forwarded-For': `${ip}, 10.0.0.1` } },
    realtime: { transport: WebSocket as never },
  });
}

const RATE_LIMITED = {
  status: 429,
  code: 'over_request_rate_limit',
  message: 'Request rate limit reached',
};

describe('[auth.rate_limit] (GoTrue limits per IP)', () => {
  // The clock stands still (only Date: timers run), so no bucket refills while a slow machine
  // works through a flood and the counts are exact.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops guessing a one-time code after token_verifications, also for the right code', async () => {
    const { email } = await createConfirmedUser(target, 'otp-guess');
    await clientFrom().auth.signInWithOtp({ email });
    const code = codeIn(await waitForMail(target, email));
    const attacker = clientFrom();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const answers = [];
    for (let attempt = 0; attempt < BURST + 5; attempt++) {
      const { error } = await attacker.auth.verifyOtp({ email, token: wrong, type: 'email' });
      answers.push(error?.code);
    }
    expect(answers.slice(0, BURST)).toEqual(Array(BURST).fill('otp_expired'));
    expect(answers.slice(BURST)).toEqual(Array(5).fill('over_request_rate_limit'));
    // Once limited, even the right code is not checked: guessing gains nothing.
    const right = await attacker.auth.verifyOtp({ email, token: code, type: 'email' });
    expect(right.error).toMatchObject(RATE_LIMITED);
    expect(right.data.session).toBeNull();

    // Another address is unaffected, and the code still works there.
    const owner = await clientFrom().auth.verifyOtp({ email, token: code, type: 'email' });
    expect(owner.error).toBeNull();
    expect(owner.data.session?.user.email).toBe(email);
  });

  it('answers 429 with GoTrue body, error code header and Retry-After', async () => {
    const ip = '198.51.100.200';
    for (let attempt = 0; attempt < BURST; attempt++) {
      await clientFrom(ip).auth.verifyOtp({ token_hash: 'nope', type: 'magiclink' });
    }
    const response = await fetch(`${target.url}/auth/v1/verify`, {
      method: 'POST',
      headers: {
        apikey: target.anonKey,
        'content-type': 'application/json',
        'x-supabase-api-version': '2024-01-01',
        'x-forwarded-for': ip,
      },
      body: JSON.stringify({ token_hash: 'nope', type: 'magiclink' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('x-sb-error-code')).toBe('over_request_rate_limit');
    // 30 per 5 minutes refill one request every 10 s.
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    expect(await response.json()).toEqual({
      code: 'over_request_rate_limit',
      message: 'Request rate limit reached',
    });
  });

  it('limits password sign-ins per address (token_refresh), wrong passwords included', async () => {
    const { email } = await createConfirmedUser(target, 'password-guess');
    const attacker = clientFrom();
    // At once: the limit is counted on arrival, before any password is compared.
    const attempts = await Promise.all(
      Array.from({ length: BURST + 5 }, (_, attempt) =>
        attacker.auth.signInWithPassword({ email, password: `guess-${attempt}` }),
      ),
    );
    const codes = attempts.map(({ error }) => error?.code);
    expect(codes.filter((code) => code === 'invalid_credentials')).toHaveLength(BURST);
    expect(codes.filter((code) => code === 'over_request_rate_limit')).toHaveLength(5);
    const right = await attacker.auth.signInWithPassword({ email, password: PASSWORD });
    expect(right.error).toMatchObject(RATE_LIMITED);

    const elsewhere = await clientFrom().auth.signInWithPassword({ email, password: PASSWORD });
    expect(elsewhere.error).toBeNull();
    expect(elsewhere.data.session?.user.email).toBe(email);
  });

  it('limits sign-up attempts per address (sign_in_sign_ups), refused ones included', async () => {
    const client = clientFrom();
    // Weak passwords are refused after the limit is counted, so the flood is quick.
    const attempts = await Promise.all(
      Array.from({ length: BURST + 5 }, () =>
        client.auth.signUp({ email: uniqueEmail('flood'), password: 'x' }),
      ),
    );
    const codes = attempts.map(({ error }) => error?.code);
    expect(codes.filter((code) => code === 'weak_password')).toHaveLength(BURST);
    expect(codes.filter((code) => code === 'over_request_rate_limit')).toHaveLength(5);
    // Magic links have a bucket of their own, as in GoTrue; other addresses are unaffected.
    const otp = await client.auth.signInWithOtp({ email: uniqueEmail('flood') });
    expect(otp.error?.code).not.toBe('over_request_rate_limit');
    const elsewhere = await clientFrom().auth.signUp({ email: uniqueEmail('ok'), password: 'x' });
    expect(elsewhere.error?.code).toBe('weak_password');
  });
});

describe('email_sent (GoTrue: per hour, for the whole instance)', () => {
  it('refuses the email over the hourly budget with over_email_send_rate_limit, and sends nothing', async () => {
    // Earlier tests sent some; use up the rest from many addresses (the limit is not per IP).
    const codes = [];
    const addresses = [];
    for (let sent = 0; sent < EMAILS_PER_HOUR + 1; sent++) {
      const email = uniqueEmail('budget');
      addresses.push(email);
      const { error } = await clientFrom().auth.signInWithOtp({ email });
      codes.push(error?.code);
      if (error) break;
    }
    const refused = codes.at(-1);
    expect(refused).toBe('over_email_send_rate_limit');
    const lastAddress = addresses.at(-1)!;
    const { error } = await clientFrom().auth.resetPasswordForEmail(lastAddress);
    expect(error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
    expect((await mailsTo(target, lastAddress)).messages).toEqual([]);
  });
});

describe('request body limits (the hosted services)', () => {
  it('answers 413 with a JSON error above 1 MiB for Auth, and serves bodies under it', async () => {
    const send = (bytes: number, headers: Record<string, string> = {}) =>
      fetch(`${target.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: {
          apikey: target.anonKey,
          'content-type': 'application/json',
          'x-supabase-api-version': '2024-01-01',
          'x-forwarded-for': '192.0.2.1',
          ...headers,
        },
        body: JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(bytes) }),
      });
    const tooLarge = await send(BODY_LIMITS.auth);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toContain('application/json');
    expect(await tooLarge.json()).toEqual({ message: 'Request size limit exceeded' });
    const fits = await send(BODY_LIMITS.auth - 100);
    expect(fits.status).toBe(400);
    expect(await fits.json()).toMatchObject({ code: 'invalid_credentials' });
  });

  it('counts a chunked body without Content-Length too', async () => {
    const url = new URL(`${target.url}/auth/v1/signup`);
    const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: { apikey: target.anonKey, 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      // The server may close as soon as it has answered; the answer is what counts.
      req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent <= BODY_LIMITS.auth; sent += chunk.length) req.write(chunk);
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Request size limit exceeded' });
  });
});
