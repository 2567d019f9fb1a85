import { hc } from 'hono/client';
import type { AppType } from './app';

/**
 * Typed client for the API, generated from the route definitions themselves (Hono RPC), so the web
 * app and the API share one source of truth for request and response shapes.
 */
export function createApiClient(
  baseUrl: string,
  accessToken: string,
  init?: { fetch?: typeof fetch },
) {
  return hc<AppType>(baseUrl, {
    headers: { Authorization: `Bearer ${accessToken}` },
    fetch: init?.fetch,
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
export type { AppType };
