import 'server-only';
import { parseResponse } from 'hono/client';
import { api, pageData } from '@/lib/api';
import { ITEMS_PAGE_SIZE } from './types';

/** The first page of a board, rendered on the server. */
export async function loadItems(query: { orgId?: string; q?: string }) {
  const client = await api();
  return pageData(
    parseResponse(client.v1.items.$get({ query: { ...query, limit: ITEMS_PAGE_SIZE } })),
  );
}
