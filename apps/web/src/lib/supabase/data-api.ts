import 'server-only';
import { createClient } from '@supabase/supabase-js';
import { env } from '@/env';
import type { Database } from './database.types';
import { requireSession } from './server';

/**
 * The Data API (`/rest/v1`, PostgREST) as the signed-in user, typed by the generated
 * `Database`: for the reads decision 026 sends there instead of the API. The user's verified
 * access token rides on every request (`accessToken`, so this client never touches the session
 * or the cookies), RLS decides every row; it runs on the server, so supabase-js's REST client
 * stays out of the browser bundle, and only the publishable key is used.
 */
export async function dataApi() {
  const { accessToken } = await requireSession();
  const { SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY } = env();
  return createClient<Database>(SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY, {
    accessToken: async () => accessToken,
    // Every answer is per user and changes all the time: never let Next cache it.
    global: { fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }) },
  });
}
