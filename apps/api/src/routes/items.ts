import { createRoute, z } from '@hono/zod-openapi';
import {
  createItem,
  decodeCursor,
  deleteItem,
  getItem,
  listItems,
  updateItem,
} from '@repo/database';
import { ApiError, errorResponses, notFound } from '../http/errors';
import { createRouter, ONE_READ, ONE_STATEMENT } from '../http/router';
import {
  IdParams,
  Item,
  jsonBody,
  jsonResponse,
  Text,
  Uuid,
  withIsoTimestamps,
} from '../http/schemas';

const Title = Text.trim().min(1).max(200);
const Body = Text.max(10_000);

const ListItemsQuery = z.object({
  orgId: Uuid.optional().openapi({
    description: "An org's items; without it, your personal items.",
  }),
  q: Text.trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Title contains (case-insensitive).' }),
  cursor: Text.max(500).optional().openapi({ description: '`nextCursor` of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const ItemPage = z
  .object({ items: z.array(Item), nextCursor: z.string().nullable() })
  .openapi('ItemPage');

const listItemsRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'List items, newest first (keyset pagination)',
  request: { query: ListItemsQuery },
  responses: { 200: jsonResponse(ItemPage, 'A page of items.'), ...errorResponses(400, 401) },
});

function parseCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const parsed = decodeCursor(cursor);
  if (!parsed)
    throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this API returned.');
  return parsed;
}

const CreateItem = z
  .strictObject({
    title: Title,
    body: Body.optional(),
    done: z.boolean().optional(),
    orgId: Uuid.nullable().optional(),
  })
  .openapi('CreateItem');
const UpdateItem = z
  .strictObject({
    title: Title.optional(),
    body: Body.optional(),
    done: z.boolean().optional(),
    orgId: Uuid.nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, {
    message: 'Send at least one field to change.',
  })
  .openapi('UpdateItem');

/** /v1/items: the sample resource. Every query runs in the request's RLS runner, so RLS decides visibility. */
export function itemsRoutes() {
  return createRouter()
    .openapi(listItemsRoute, async (c) => {
      const user = c.get('user');
      const { orgId, q, cursor, limit } = c.req.valid('query');
      const page = await c.var.rls(
        (tx) =>
          listItems(tx, {
            scope: orgId ? { orgId } : { ownerId: user.id },
            search: q,
            limit,
            cursor: parseCursor(cursor),
          }),
        ONE_READ,
      );
      return c.json({ items: page.items.map(withIsoTimestamps), nextCursor: page.nextCursor }, 200);
    })
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        summary: 'Create an item (yours; optionally shared with an org you belong to)',
        request: { body: jsonBody(CreateItem) },
        responses: { 201: jsonResponse(Item, 'The new item.'), ...errorResponses(400, 401, 403) },
      }),
      async (c) => {
        const input = c.req.valid('json');
        const item = await c.var.rls((tx) => createItem(tx, input), ONE_STATEMENT);
        return c.json(withIsoTimestamps(item), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        summary: 'Get one item',
        request: { params: IdParams },
        responses: { 200: jsonResponse(Item, 'The item.'), ...errorResponses(400, 401, 404) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const item = await c.var.rls((tx) => getItem(tx, id), ONE_READ);
        if (!item) throw notFound('item');
        return c.json(withIsoTimestamps(item), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{id}',
        summary: 'Change an item (owner; org admins and owners for org items)',
        description:
          'Org items: their author while still a member, or an admin/owner of the org. Moving ' +
          '(`orgId`) also needs a place the item may land: an org you belong to, or `null` when ' +
          'you are its author. Former members get 404, as for any item they cannot see.',
        request: { params: IdParams, body: jsonBody(UpdateItem) },
        responses: {
          200: jsonResponse(Item, 'The changed item.'),
          ...errorResponses(400, 401, 403, 404),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        const item = await c.var.rls(async (tx) => {
          const updated = await updateItem(tx, id, input);
          if (updated) return updated;
          // Nothing changed: say whether the item is hidden, or visible but not the caller's to edit.
          throw (await getItem(tx, id))
            ? new ApiError(
                403,
                'forbidden',
                'Only the owner, or an admin of its organization, can change this item.',
              )
            : notFound('item');
        });
        return c.json(withIsoTimestamps(item), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}',
        summary: 'Delete an item (owner; org admins and owners for org items)',
        request: { params: IdParams },
        responses: { 204: { description: 'Deleted.' }, ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await c.var.rls(async (tx) => {
          if (await deleteItem(tx, id)) return;
          throw (await getItem(tx, id))
            ? new ApiError(
                403,
                'forbidden',
                'Only the owner, or an admin of its organization, can delete this item.',
              )
            : notFound('item');
        });
        return c.body(null, 204);
      },
    );
}
