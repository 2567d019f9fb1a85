'use client';

import type { RealtimeClient } from '@supabase/realtime-js';
import type { PublicConfig } from '@/lib/public-config';
import { realtimeAccessToken } from './realtime-token';
import { expiryOf } from './token-expiry';

let current: { userId: string; client: Promise<RealtimeClient> } | undefined;
let token: { value: string; expiresAt: number } | undefined;

/**
 * The browser's one Supabase connection: Realtime only (auth runs on the server, data goes through
 * the API), which keeps supabase-js's auth, storage and REST clients out of the bundle. It is
 * loaded after the page shows (server-rendered data needs no socket), keeping first-load JS small.
 * Realtime asks for a token on connect and on every heartbeat (realtime-js's `setAuth()`); a cached
 * one is reused until a minute before it expires, then a fresh one comes from the server, where
 * proxy.ts refreshes sessions: the browser never refreshes tokens itself. realtime-js pushes a
 * changed token to every joined channel, and Realtime asks the policies of each private channel
 * again with it (a user who lost access is closed out).
 */
export function realtimeClient(config: PublicConfig, userId: string): Promise<RealtimeClient> {
  if (current?.userId !== userId) {
    // Another user in this tab (signed out and in without a reload): start over with their token.
    void current?.client.then((previous) => previous.disconnect());
    token = undefined;
    current = { userId, client: connect(config) };
  }
  return current.client;
}

async function connect(config: PublicConfig): Promise<RealtimeClient> {
  const { RealtimeClient } = await import('@supabase/realtime-js');
  const client = new RealtimeClient(`${config.supabaseUrl.replace(/^http/, 'ws')}/realtime/v1`, {
    params: { apikey: config.supabasePublishableKey },
    accessToken: currentAccessToken,
  });
  // The token must be known before the first join, or the join goes out as anon (no access to
  // items) and only a later access_token push would fix the subscription.
  await client.setAuth();
  return client;
}

async function currentAccessToken(): Promise<string | null> {
  if (token && token.expiresAt - Date.now() > 60_000) return token.value;
  const value = await realtimeAccessToken();
  token = value ? { value, expiresAt: expiryOf(value) } : undefined;
  return value;
}
