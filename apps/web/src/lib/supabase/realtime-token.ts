'use server';

import { getSession } from './server';

/**
 * The signed-in user's access token, for the browser's Realtime socket (Realtime checks RLS with
 * it). Posting here passes proxy.ts, which refreshes an expiring session first, so the browser
 * never refreshes tokens itself. The token is the one the session cookie already holds.
 */
export async function realtimeAccessToken(): Promise<string | null> {
  return (await getSession())?.accessToken ?? null;
}
