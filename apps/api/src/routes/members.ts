import { createRoute, z } from '@hono/zod-openapi';
import {
  getMemberRole,
  getMyOrganization,
  listMembers,
  needsSecondFactor,
  removeMember,
  type Tx,
  updateMemberRole,
} from '@repo/database';
import { ApiError, errorResponses, notFound, secondFactorRequired } from '../http/errors';
import { createRouter, ONE_READ } from '../http/router';
import {
  IdParams,
  jsonBody,
  jsonResponse,
  Member,
  MemberRole,
  toMember,
  Uuid,
} from '../http/schemas';

const MemberParams = IdParams.extend({
  userId: Uuid.openapi({ param: { name: 'userId', in: 'path' } }),
});
const UpdateMember = z.strictObject({ role: MemberRole }).openapi('UpdateMember');
const MemberRoleBody = z.object({ userId: Uuid, role: MemberRole }).openapi('MemberRoleChange');

/** /v1/orgs/{id}/members: who belongs to an org; admins manage roles, anyone may leave. */
export function membersRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/members',
        summary: 'Members of an organization you belong to',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(z.array(Member), 'Owners, admins, then members.'),
          ...errorResponses(400, 401, 404),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const members = await c.var.rls((tx) => listMembers(tx, id), ONE_READ);
        // The caller is always listed in an org they belong to; nothing visible means no access.
        if (members.length === 0) throw notFound('organization');
        return c.json(members.map(toMember), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{id}/members/{userId}',
        summary: "Change a member's role (admins for members/admins; owners for all)",
        request: { params: MemberParams, body: jsonBody(UpdateMember) },
        responses: {
          200: jsonResponse(MemberRoleBody, 'The new role.'),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      }),
      async (c) => {
        const user = c.get('user');
        const { id, userId } = c.req.valid('param');
        const { role } = c.req.valid('json');
        const changed = await c.var.rls(async (tx) => {
          const updated = await updateMemberRole(tx, id, userId, role);
          if (updated) return updated;
          throw await explainRefusal(tx, user.id, id, userId, 'change roles', {
            takesSecondFactor: true,
          });
        });
        return c.json({ userId, role: changed }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}/members/{userId}',
        summary: 'Remove a member (admins, owners), or leave (your own user id)',
        request: { params: MemberParams },
        responses: { 204: { description: 'Removed.' }, ...errorResponses(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const user = c.get('user');
        const { id, userId } = c.req.valid('param');
        await c.var.rls(async (tx) => {
          if (await removeMember(tx, id, userId)) return;
          throw await explainRefusal(tx, user.id, id, userId, 'remove members');
        });
        return c.body(null, 204);
      },
    );
}

/** Why a membership change touched no row: hidden org, no such member, or not the caller's call. */
async function explainRefusal(
  tx: Tx,
  callerId: string,
  orgId: string,
  targetId: string,
  action: string,
  { takesSecondFactor = false } = {},
): Promise<ApiError> {
  const org = await getMyOrganization(tx, callerId, orgId);
  if (!org) return notFound('organization');
  if (!(await getMemberRole(tx, orgId, targetId))) return notFound('member');
  if (takesSecondFactor && org.role !== 'member' && (await needsSecondFactor(tx))) {
    return secondFactorRequired();
  }
  return new ApiError(
    403,
    'forbidden',
    org.role === 'member'
      ? `Only admins and owners can ${action}.`
      : `Only owners can ${action} when an owner is involved.`,
  );
}
