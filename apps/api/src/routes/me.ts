import { createRoute, z } from '@hono/zod-openapi';
import { deleteAccount, getProfile, listMyOrganizations, updateProfile } from '@repo/database';
import { ApiError, errorResponses, notFound } from '../http/errors';
import { createRouter, ONE_STATEMENT, READS } from '../http/router';
import {
  HttpUrl,
  jsonBody,
  jsonResponse,
  MyOrganization,
  Profile,
  Text,
  Uuid,
  withIsoTimestamps,
} from '../http/schemas';

const Me = z
  .object({
    user: z.object({ id: Uuid, email: z.string().nullable() }),
    profile: Profile,
    organizations: z.array(MyOrganization),
  })
  .openapi('Me');

const UpdateProfile = z
  .strictObject({
    displayName: Text.trim().max(80).optional(),
    avatarUrl: HttpUrl.max(2000).nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, {
    message: 'Send at least one field to change.',
  })
  .openapi('UpdateProfile');

// PostgreSQL text cannot carry NUL, and no email holds an unpaired surrogate: such input is a
// wrong confirmation, answered before any database work.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const DeleteAccount = z
  .strictObject({
    confirmation: z
      .string()
      .max(320)
      .refine((value) => !value.includes('\0') && !LONE_SURROGATE.test(value))
      .openapi({
        description: 'Your email address, exactly as your account has it (case does not matter).',
      }),
  })
  .openapi('DeleteAccount');

const SoleOwnerError = z
  .object({
    error: z.object({
      code: z.literal('sole_owner'),
      message: z.string(),
      details: z.object({
        organizations: z
          .array(z.object({ id: Uuid, name: z.string() }))
          .openapi({ description: 'Make another member an owner of each first.' }),
      }),
      requestId: z.string().optional(),
    }),
  })
  .openapi('SoleOwnerError');

const confirmationRequired = () =>
  new ApiError(
    400,
    'confirmation_required',
    'To delete your account, send {"confirmation": "<your email address>"}.',
  );

/** /v1/me: the signed-in user, their profile and organizations. */
export function meRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'You: user, profile and organizations',
        responses: { 200: jsonResponse(Me, 'The signed-in user.'), ...errorResponses(401, 404) },
      }),
      async (c) => {
        const user = c.get('user');
        // Both queries are sent together on the transaction's connection (pipelined).
        const [profile, organizations] = await c.var.rls(
          (tx) => Promise.all([getProfile(tx, user.id), listMyOrganizations(tx, user.id)]),
          READS,
        );
        if (!profile) throw notFound('profile');
        return c.json(
          {
            user: { id: user.id, email: user.email ?? null },
            profile: withIsoTimestamps(profile),
            organizations: organizations.map(withIsoTimestamps),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/profile',
        summary: 'Change your display name or avatar URL',
        request: { body: jsonBody(UpdateProfile) },
        responses: {
          200: jsonResponse(Profile, 'Your profile.'),
          ...errorResponses(400, 401, 404),
        },
      }),
      async (c) => {
        const user = c.get('user');
        const input = c.req.valid('json');
        const profile = await c.var.rls((tx) => updateProfile(tx, user.id, input), ONE_STATEMENT);
        if (!profile) throw notFound('profile');
        return c.json(withIsoTimestamps(profile), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/',
        summary: 'Delete your account',
        description:
          'Deletes your user, profile, memberships and items, and the organizations where you are ' +
          'the only member (with their data). Refused with 409 `sole_owner` while you are the only ' +
          'owner of an organization that has other members: make one of them an owner first.',
        request: { body: jsonBody(DeleteAccount) },
        responses: {
          204: { description: 'Your account is deleted; your access token stops working.' },
          ...errorResponses(400, 401, 404),
          409: {
            description: 'You are the only owner of organizations that have other members.',
            content: { 'application/json': { schema: SoleOwnerError } },
          },
        },
      }),
      async (c) => {
        const { confirmation } = c.req.valid('json');
        const result = await c.var.rls((tx) => deleteAccount(tx, confirmation), ONE_STATEMENT);
        switch (result.outcome) {
          case 'deleted':
            return c.body(null, 204);
          case 'confirmation_required':
            throw confirmationRequired();
          case 'not_found':
            throw new ApiError(404, 'not_found', 'Your account no longer exists.');
          case 'sole_owner':
            throw new ApiError(
              409,
              'sole_owner',
              'You are the only owner of organizations that have other members. Make another member an owner of each first.',
              { organizations: result.organizations },
            );
        }
      },
      // Whatever is wrong with the body, the answer is the same: say what to send.
      (result) => {
        if (!result.success) throw confirmationRequired();
      },
    );
}
