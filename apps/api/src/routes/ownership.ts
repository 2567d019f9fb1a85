import { createRoute, z } from '@hono/zod-openapi';
import { getMyOrganization, transferOwnership } from '@repo/database';
import { ApiError, errorResponses, notFound } from '../http/errors';
import { createRouter } from '../http/router';
import { IdParams, jsonBody, jsonResponse, MemberRole, Uuid } from '../http/schemas';

const TransferOwnership = z.strictObject({ userId: Uuid }).openapi('TransferOwnership');
const OwnershipTransferred = z
  .object({ ownerId: Uuid, yourRole: MemberRole })
  .openapi('OwnershipTransferred');

/** /v1/orgs/{id}/ownership: an owner hands the org to another member and stays on as admin. */
export function ownershipRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'post',
      path: '/{id}/ownership',
      summary: 'Transfer your ownership to another member; you become an admin (owners)',
      request: { params: IdParams, body: jsonBody(TransferOwnership) },
      responses: {
        200: jsonResponse(OwnershipTransferred, 'The new owner, and your role now.'),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const user = c.get('user');
      const { id } = c.req.valid('param');
      const { userId } = c.req.valid('json');
      if (userId === user.id) {
        throw new ApiError(
          400,
          'validation_failed',
          'Choose another member to hand the organization to.',
        );
      }
      await c.var.rls(async (tx) => {
        const outcome = await transferOwnership(tx, id, user.id, userId);
        if (outcome === 'transferred') return;
        if (outcome === 'not_a_member') throw notFound('member');
        // A plain member cannot lock the org for update; an outsider cannot see it at all.
        if (outcome === 'org_not_changeable' && !(await getMyOrganization(tx, user.id, id))) {
          throw notFound('organization');
        }
        throw new ApiError(403, 'forbidden', 'Only an owner can transfer ownership.');
      });
      return c.json({ ownerId: userId, yourRole: 'admin' as const }, 200);
    },
  );
}
