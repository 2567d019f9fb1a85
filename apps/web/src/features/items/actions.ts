'use server';

import { parseResponse } from 'hono/client';
import { z } from 'zod';
import type { ActionResult } from '@/lib/action-result';
import { api, attempt } from '@/lib/api';
import { ITEMS_PAGE_SIZE, type Item, type ItemPage } from './types';

const Id = z.uuid();
const Patch = z.strictObject({ title: z.string().optional(), done: z.boolean().optional() });
const PageQuery = z.strictObject({
  orgId: Id.optional(),
  q: z.string().optional(),
  cursor: z.string().optional(),
});
const invalid = { ok: false, error: 'That request was not valid.' } as const;

export async function createItem(input: {
  title: string;
  orgId: string | null;
}): Promise<ActionResult<Item>> {
  const orgId = input.orgId === null ? null : Id.safeParse(input.orgId).data;
  if (orgId === undefined || typeof input.title !== 'string') return invalid;
  const client = await api();
  return attempt(() =>
    parseResponse(client.v1.items.$post({ json: { title: input.title, orgId } })),
  );
}

export async function updateItem(
  id: string,
  patch: { title?: string; done?: boolean },
): Promise<ActionResult<Item>> {
  const parsed = Patch.safeParse(patch);
  if (!Id.safeParse(id).success || !parsed.success) return invalid;
  const client = await api();
  return attempt(() =>
    parseResponse(client.v1.items[':id'].$patch({ param: { id }, json: parsed.data })),
  );
}

export async function deleteItem(id: string): Promise<ActionResult<undefined>> {
  if (!Id.safeParse(id).success) return invalid;
  const client = await api();
  return attempt(async () => {
    await parseResponse(client.v1.items[':id'].$delete({ param: { id } }));
    return undefined;
  });
}

/** A page of a board: the next one (with `cursor`), or the first one again (without). */
export async function loadMoreItems(query: {
  orgId?: string;
  q?: string;
  cursor?: string;
}): Promise<ActionResult<ItemPage>> {
  const parsed = PageQuery.safeParse(query);
  if (!parsed.success) return invalid;
  const client = await api();
  return attempt(() =>
    parseResponse(client.v1.items.$get({ query: { ...parsed.data, limit: ITEMS_PAGE_SIZE } })),
  );
}
