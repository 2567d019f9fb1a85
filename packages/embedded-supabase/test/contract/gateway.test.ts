import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, userClient } from './clients';
import { getTarget, type Target, targetsEmbedded } from './target';

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

describe('gateway (what Kong does, docs/supabase-compatibility.md §0)', () => {
  it('answers CORS preflights for the headers auth-js sends and exposes what it reads', async () => {
    const requested =
      'authorization, x-client-info, apikey, content-type, x-supabase-api-version, x-retry-count';
    const preflight = await fetch(`${target.url}/auth/v1/token?grant_type=password`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': requested,
      },
    });
    expect(preflight.ok).toBe(true);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const allowed = preflight.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const header of requested.split(', ')) expect(allowed).toContain(header);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');

    const health = await fetch(`${target.url}/auth/v1/health`, {
      headers: { apikey: target.anonKey, origin: 'http://127.0.0.1:3000' },
    });
    expect(health.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = health.headers.get('access-control-expose-headers')!.toLowerCase();
    for (const header of ['x-supabase-api-version', 'x-total-count', 'link']) {
      expect(exposed).toContain(header);
    }
  });

  it('keeps the email-link routes open without an API key', async () => {
    const response = await fetch(`${target.url}/auth/v1/verify?type=magiclink&token=nope`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
  });

  it('maps the sb_secret key to the service_role JWT for HTTP calls', async () => {
    const response = await fetch(`${target.url}/auth/v1/admin/users?per_page=1`, {
      headers: { apikey: target.secretKey, authorization: `Bearer ${target.secretKey}` },
    });
    expect(response.status).toBe(200);
    expect((await adminClient(target, target.secretKey).auth.admin.listUsers()).error).toBeNull();
  });

  it('answers errors in the client-version format, and the legacy one without the header', async () => {
    const body = JSON.stringify({ email: 'nobody@example.test', password: 'whatever' });
    const headers = { apikey: target.anonKey, 'content-type': 'application/json' };
    const versioned = await fetch(`${target.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { ...headers, 'x-supabase-api-version': '2024-01-01' },
      body,
    });
    expect(versioned.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    expect(await versioned.json()).toEqual({
      code: 'invalid_credentials',
      message: 'Invalid login credentials',
    });

    const legacy = await fetch(`${target.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers,
      body,
    });
    expect(await legacy.json()).toMatchObject({
      code: 400,
      error_code: 'invalid_credentials',
      msg: 'Invalid login credentials',
    });
  });

  it('passes the Realtime websocket (sb_publishable key mapped) and HTTP broadcast through', async () => {
    const client = userClient(target, target.publishableKey);
    const channel = client.channel('gateway-check');
    const status = await new Promise<string>((resolve) => {
      channel.subscribe((state) => {
        if (state !== 'CLOSED') resolve(state);
      });
    });
    expect(status).toBe('SUBSCRIBED');
    await client.removeChannel(channel);
    await client.realtime.disconnect();

    const broadcast = await fetch(`${target.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: target.publishableKey, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ topic: 'gateway-check', event: 'ping', payload: {} }] }),
    });
    expect(broadcast.status).toBe(202);
  });

  // The CLI's local Kong has no key-auth plugin; the embedded gateway checks keys like hosted Kong.
  it.runIf(targetsEmbedded())('refuses a missing or unknown API key with 401', async () => {
    const missing = await fetch(`${target.url}/auth/v1/health`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ message: 'No API key found in request' });
    const unknown = await fetch(`${target.url}/auth/v1/health`, {
      headers: { apikey: 'sb_publishable_nope' },
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ message: 'Invalid API key' });
    const unmatched = await fetch(`${target.url}/nothing/here`, {
      headers: { apikey: target.anonKey },
    });
    expect(unmatched.status).toBe(404);
  });
});
