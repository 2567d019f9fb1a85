import 'server-only';
import { createApiClient } from '@repo/api/client';
import { unstable_rethrow } from 'next/navigation';
import { env } from '@/env';
import type { ActionResult } from './action-result';
import { apiFailure } from './api-errors';
import { requireSession } from './supabase/server';

/**
 * The API's typed client (Hono RPC, the API's own route types), carrying the signed-in user's
 * verified access token. Server-only: API_URL and the token stay on the server.
 */
export async function api() {
  const { accessToken } = await requireSession();
  return createApiClient(env().API_URL, accessToken, { fetch: noStoreFetch });
}

/** Every API answer is per user and changes all the time: never let Next cache it. */
const noStoreFetch: typeof fetch = (input, init) => fetch(input, { ...init, cache: 'no-store' });

/** Runs an API call for a Server Action: its data, or the error mapped to a message. */
export async function attempt<T>(call: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await call() };
  } catch (error) {
    unstable_rethrow(error); // redirect() and notFound() are Next's, not failures
    return apiFailure(error);
  }
}
