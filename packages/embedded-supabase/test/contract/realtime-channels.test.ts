import type { SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { eventually, subscribe } from '../../src/realtime/testing/channels';
import { upgradeRefusal } from '../../src/realtime/testing/raw-client';
import { realtimeSuite, userClient } from './clients';

const suite = realtimeSuite();

function client(key = suite.target.anonKey): SupabaseClient {
  const created = userClient(suite.target, key);
  suite.clients.push(created);
  return created;
}

/** Subscribes and resolves with the first error the client reports. */
function joinError(channel: ReturnType<SupabaseClient['channel']>): Promise<Error> {
  return new Promise((resolve) => {
    channel.subscribe((status, error) => {
      if (status === 'CHANNEL_ERROR') resolve(error!);
    });
  });
}

describe('connection', () => {
  it('answers heartbeats', async () => {
    const supabase = client();
    await subscribe(supabase.channel('beating'));
    const statuses: string[] = [];
    supabase.realtime.onHeartbeat((status) => statuses.push(status));
    await supabase.realtime.sendHeartbeat();
    await eventually(() => (statuses.includes('ok') ? true : undefined));
    expect(statuses).toEqual(['sent', 'ok']);
  });

  it('connects with the publishable and secret keys', async () => {
    for (const key of [suite.target.publishableKey, suite.target.secretKey]) {
      await subscribe(client(key).channel(`keys-${key.slice(0, 9)}`));
    }
  });

  it('refuses a socket whose apikey is not a valid JWT', async () => {
    expect(await upgradeRefusal(suite.target.url, 'apikey=not-a-key&vsn=2.0.0')).toEqual({
      status: 401,
      body: { error: 'The token provided is not a valid JWT' },
    });
  });
});

describe('channels', () => {
  it('leaves with phx_leave: the client gets ok and the channel closes', async () => {
    const statuses: string[] = [];
    const channel = client().channel('short-lived');
    channel.subscribe((status) => statuses.push(status));
    await eventually(() => (statuses.includes('SUBSCRIBED') ? true : undefined));
    expect(await channel.unsubscribe()).toBe('ok');
    expect(statuses).toEqual(['SUBSCRIBED', 'CLOSED']);
  });

  it('refuses a private channel without read permission', async () => {
    const supabase = client();
    const channel = supabase.channel('secret-room', { config: { private: true } });
    const error = await joinError(channel);
    await supabase.removeChannel(channel);
    expect(error.message).toBe(
      'Unauthorized: You do not have permissions to read from this Channel topic: secret-room',
    );
  });

  it('refuses a join whose access token has expired', async () => {
    const expired = await new SignJWT({ role: 'authenticated', sub: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 30)
      .sign(new TextEncoder().encode(suite.target.jwtSecret));
    const supabase = client();
    await supabase.realtime.setAuth(expired);
    const channel = supabase.channel('too-late');
    const error = await joinError(channel);
    await supabase.removeChannel(channel);
    expect(error.message).toMatch(/^InvalidJWTToken: Token has expired 3\d seconds ago$/);
  });
});
