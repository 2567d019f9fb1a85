import { hc } from 'hono/client';
import type { z } from 'zod';
import type { AppType } from './app';
import type { ErrorBody } from './http/errors';
import type { Item, MemberRole as MemberRoleSchema } from './http/schemas';

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

/** What `GET /v1/items` lists and in what order, for clients that place live changes themselves. */
export {
  compareListedItems,
  type ItemListScope,
  inItemList,
} from '@repo/database/item-listing';
export type { AppType };

// Types only (erased from the web bundle): the shapes the web app would otherwise re-type.
/** The body of every error response. */
export type ApiErrorBody = ErrorBody;
/** A member's role: the database's `member_role` enum. */
export type MemberRole = z.infer<typeof MemberRoleSchema>;
/** An item as the API sends it. */
export type ApiItem = z.infer<typeof Item>;
/** An item as Realtime sends its `public.items` row: the API's fields under their column names. */
export type ItemRow = { [K in keyof ApiItem as SnakeCase<K & string>]: ApiItem[K] };

type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;
