import { createRoute, z } from '@hono/zod-openapi';
import {
  createOrganization,
  deleteOrganization,
  getMyOrganization,
  listMyOrganizations,
  needsSecondFactor,
  updateOrganization,
} from '@repo/database';
import { ApiError, errorResponses, notFound, secondFactorRequired } from '../http/errors';
import { createRouter, ONE_READ } from '../http/router';
import {
  IdParams,
  jsonBody,
  jsonResponse,
  MyOrganization,
  Organization,
  Text,
  withIsoTimestamps,
} from '../http/schemas';

const Name = Text.trim().min(1).max(80);
const Slug = Text.regex(
  /^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$/,
  'Use 3–48 lowercase letters, digits and dashes.',
);

const CreateOrganization = z.strictObject({ name: Name, slug: Slug }).openapi('CreateOrganization');
const UpdateOrganization = z
  .strictObject({ name: Name.optional(), slug: Slug.optional() })
  .refine((value) => Object.keys(value).length > 0, {
    message: 'Send at least one field to change.',
  })
  .openapi('UpdateOrganization');

/** /v1/orgs: organizations the caller belongs to, with the caller's role in each. */
export function orgsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'Organizations you belong to',
        responses: {
          200: jsonResponse(z.array(MyOrganization), 'Your organizations.'),
          ...errorResponses(401),
        },
      }),
      async (c) => {
        const user = c.get('user');
        const orgs = await c.var.rls((tx) => listMyOrganizations(tx, user.id), ONE_READ);
        return c.json(orgs.map(withIsoTimestamps), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        summary: 'Create an organization; you become its owner',
        request: { body: jsonBody(CreateOrganization) },
        responses: {
          201: jsonResponse(MyOrganization, 'The new organization.'),
          ...errorResponses(400, 401, 409),
        },
      }),
      async (c) => {
        const user = c.get('user');
        const input = c.req.valid('json');
        const org = await c.var.rls((tx) => createOrganization(tx, user.id, input));
        return c.json(withIsoTimestamps(org), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        summary: 'One of your organizations',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(MyOrganization, 'The organization.'),
          ...errorResponses(400, 401, 404),
        },
      }),
      async (c) => {
        const user = c.get('user');
        const { id } = c.req.valid('param');
        const org = await c.var.rls((tx) => getMyOrganization(tx, user.id, id), ONE_READ);
        if (!org) throw notFound('organization');
        return c.json(withIsoTimestamps(org), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{id}',
        summary: 'Rename an organization or change its slug (admins and owners)',
        request: { params: IdParams, body: jsonBody(UpdateOrganization) },
        responses: {
          200: jsonResponse(Organization, 'The changed organization.'),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      }),
      async (c) => {
        const user = c.get('user');
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        const org = await c.var.rls(async (tx) => {
          const updated = await updateOrganization(tx, id, input);
          if (updated) return updated;
          throw (await getMyOrganization(tx, user.id, id))
            ? new ApiError(403, 'forbidden', 'Only admins and owners can change the organization.')
            : notFound('organization');
        });
        return c.json(withIsoTimestamps(org), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}',
        summary: 'Delete an organization with its items, members and invitations (owners)',
        request: { params: IdParams },
        responses: { 204: { description: 'Deleted.' }, ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) => {
        const user = c.get('user');
        const { id } = c.req.valid('param');
        await c.var.rls(async (tx) => {
          if (await deleteOrganization(tx, id)) return;
          const org = await getMyOrganization(tx, user.id, id);
          if (!org) throw notFound('organization');
          if (org.role === 'owner' && (await needsSecondFactor(tx))) throw secondFactorRequired();
          throw new ApiError(403, 'forbidden', 'Only owners can delete the organization.');
        });
        return c.body(null, 204);
      },
    );
}
