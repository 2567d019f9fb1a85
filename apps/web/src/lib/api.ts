import 'server-only';
import { createApiClient } from '@repo/api/client';
import { DetailedError } from 'hono/client';
import { redirect, unstable_rethrow } from 'next/navigation';
import { env } from '@/env';
import { type ActionResult, done, unreachable } from './action-result';
import { apiErrorMessage, apiFailure } from './api-errors';
import { PAGE_ERROR_DIGEST } from './page-errors';
import { requireSession } from './supabase/server';
import { sessionVanished } from './supabase/vanished-session';

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
    // A refusal may mean the account is gone while its token still verifies: then sign in again.
    if (refused(error) && (await sessionVanished())) redirect('/sign-in');
    return apiFailure(error);
  }
}

/**
 * For the data a page renders with: the API's rate limit (429) or a busy dependency (503) becomes
 * an error whose digest survives a production build, so the error page can say which it was.
 */
export async function pageData<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    const status = error instanceof DetailedError ? error.statusCode : undefined;
    if (status === 429 || status === 503) {
      const digest = status === 429 ? PAGE_ERROR_DIGEST.rateLimited : PAGE_ERROR_DIGEST.unavailable;
      throw Object.assign(new Error(`The API answered ${status}`, { cause: error }), { digest });
    }
    throw error;
  }
}

/** A 4xx other than a rate limit: what an account that no longer exists gets from the API. */
const refused = (error: unknown) =>
  error instanceof DetailedError &&
  (error.statusCode ?? 0) >= 400 &&
  (error.statusCode ?? 0) < 500 &&
  error.statusCode !== 429;

/** What `DELETE /v1/me` answered. */
export type DeleteAccountOutcome =
  | ActionResult
  | { ok: false; code: 'sole_owner'; error: string; organizations: { id: string; name: string }[] };

/**
 * Deletes the signed-in user's account: `DELETE /v1/me` with `{confirmation: <their email>}`.
 * 204 when gone; 409 `sole_owner` lists the organizations that need another owner first.
 * Called by URL ($url of the typed client) with the same token and no-store fetch.
 */
export async function deleteAccount(confirmation: string): Promise<DeleteAccountOutcome> {
  const { accessToken } = await requireSession();
  const client = createApiClient(env().API_URL, accessToken);
  let response: Response;
  try {
    response = await noStoreFetch(client.v1.me.$url(), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ confirmation }),
    });
  } catch (error) {
    console.error('API call failed', error);
    return unreachable;
  }
  if (response.status === 204) return done;
  const body = (await response.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string; details?: { organizations?: unknown } };
  };
  const code = body.error?.code ?? `http_${response.status}`;
  const organizations = body.error?.details?.organizations;
  if (response.status === 409 && code === 'sole_owner' && Array.isArray(organizations)) {
    return {
      ok: false,
      code,
      error: apiErrorMessage(response.status, body),
      organizations: organizations as { id: string; name: string }[],
    };
  }
  return { ok: false, code, error: apiErrorMessage(response.status, body) };
}
