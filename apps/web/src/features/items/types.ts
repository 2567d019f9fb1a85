import type { ApiClient } from '@repo/api/client';
import type { InferResponseType } from 'hono/client';

export type Item = InferResponseType<ApiClient['v1']['items'][':id']['$get'], 200>;
export type ItemPage = InferResponseType<ApiClient['v1']['items']['$get'], 200>;

/** Which list a board shows: the user's own items, or one organization's. */
export type ItemScope =
  | { kind: 'personal'; userId: string }
  | { kind: 'org'; orgId: string; userId: string; canManageAll: boolean };

/** A board's list: the scope plus the search it was loaded with. */
export interface ItemView {
  scope: ItemScope;
  q: string | undefined;
}

export const ITEMS_PAGE_SIZE = 20;
