import { createRoute, z } from '@hono/zod-openapi';
import {
  acceptInvitation,
  createInvitation,
  findPostgresError,
  getMyOrganization,
  listInvitations,
  revokeInvitation,
  takeInvitationQuota,
} from '@repo/database';
import { ApiError, errorResponses, notFound } from '../http/errors';
import { RateLimitedError, type RateLimits } from '../http/rate-limits';
import { createRouter, ONE_STATEMENT, READS } from '../http/router';
import {
  Email,
  IdParams,
  InvitableRole,
  Invitation,
  jsonBody,
  jsonResponse,
  Text,
  toInvitation,
  Uuid,
} from '../http/schemas';

const CreateInvitation = z
  .strictObject({ email: Email.max(254), role: InvitableRole.default('member') })
  .openapi('CreateInvitation');
const AcceptInvitation = z
  .strictObject({ token: Text.min(20).max(200) })
  .openapi('AcceptInvitation');
const InvitationParams = IdParams.extend({
  invitationId: Uuid.openapi({ param: { name: 'invitationId', in: 'path' } }),
});

const adminsOnly = () =>
  new ApiError(403, 'forbidden', 'Only admins and owners can manage invitations.');

/** /v1/orgs/{id}/invitations: admins invite by email; the email carries a one-time token. */
export function orgInvitationsRoutes(limits: RateLimits) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/invitations',
        summary: 'Open invitations of an organization (admins, owners)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(z.array(Invitation), 'Newest first.'),
          ...errorResponses(400, 401, 403, 404),
        },
      }),
      async (c) => {
        const user = c.get('user');
        const { id } = c.req.valid('param');
        const invitations = await c.var.rls(async (tx) => {
          const org = await getMyOrganization(tx, user.id, id);
          if (!org) throw notFound('organization');
          if (org.role === 'member') throw adminsOnly();
          return listInvitations(tx, id);
        }, READS);
        return c.json(invitations.map(toInvitation), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/invitations',
        summary: 'Invite someone by email (admins, owners)',
        description:
          'Saves the invitation and queues its email in the same transaction; the email is sent after the invitation is saved, retried until the mail server takes it. Limited per inviting user and per organization each hour (429 `invitation_rate_limited`).',
        request: { params: IdParams, body: jsonBody(CreateInvitation) },
        responses: {
          201: jsonResponse(Invitation, 'The invitation (the token only travels in the email).'),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      }),
      async (c) => {
        const user = c.get('user');
        const { id } = c.req.valid('param');
        const { email, role } = c.req.valid('json');
        // Already a member of every org they can invite to: an invitation to themselves could only
        // be accepted by themselves, changing nothing.
        if (user.email && email.toLowerCase() === user.email.toLowerCase()) {
          throw new ApiError(400, 'cannot_invite_yourself', 'You cannot invite your own address.');
        }
        const invitation = await c.var.rls(async (tx) => {
          const org = await getMyOrganization(tx, user.id, id);
          if (!org) throw notFound('organization');
          if (org.role === 'member') throw adminsOnly();
          // In this transaction: a refused or failed invitation gives its hits back.
          const wait = await takeInvitationQuota(tx, id, {
            perUser: limits.invitationsPerUserPerHour,
            perOrg: limits.invitationsPerOrgPerHour,
            windowSeconds: 3600,
          });
          if (wait > 0) {
            throw new RateLimitedError(
              'invitation_rate_limited',
              `Too many invitations: ${limits.invitationsPerUserPerHour} an hour per person and ${limits.invitationsPerOrgPerHour} per organization. Try again in ${wait} s.`,
              wait,
            );
          }
          // Also queues the email; no network call happens before COMMIT.
          return (await createInvitation(tx, { orgId: id, email, role })).invitation;
        });
        return c.json(toInvitation(invitation), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}/invitations/{invitationId}',
        summary: 'Revoke an open invitation (admins, owners)',
        request: { params: InvitationParams },
        responses: { 204: { description: 'Revoked.' }, ...errorResponses(400, 401, 403, 404) },
      }),
      async (c) => {
        const user = c.get('user');
        const { id, invitationId } = c.req.valid('param');
        await c.var.rls(async (tx) => {
          if (await revokeInvitation(tx, id, invitationId)) return;
          const org = await getMyOrganization(tx, user.id, id);
          throw org && org.role === 'member' ? adminsOnly() : notFound('invitation');
        });
        return c.body(null, 204);
      },
    );
}

/** /v1/invitations/accept: join an org with the token from the invitation email. */
export function acceptInvitationRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'post',
      path: '/accept',
      summary: 'Accept an invitation with its token (must be signed in with the invited email)',
      request: { body: jsonBody(AcceptInvitation) },
      responses: {
        200: jsonResponse(z.object({ orgId: Uuid }).openapi('AcceptedInvitation'), 'Joined.'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { token } = c.req.valid('json');
      const orgId = await c.var
        .rls((tx) => acceptInvitation(tx, token), ONE_STATEMENT)
        .catch((error: unknown) => {
          const code = findPostgresError(error)?.code;
          if (code === 'P0002') {
            throw new ApiError(
              404,
              'invitation_not_found',
              'This invitation does not exist, was already used, or has expired.',
            );
          }
          if (code === '42501') {
            throw new ApiError(
              403,
              'invitation_for_another_email',
              'This invitation was sent to another email address. Sign in with that address to accept it.',
            );
          }
          throw error;
        });
      return c.json({ orgId }, 200);
    },
  );
}
