import { createRoute, z } from '@hono/zod-openapi';
import { type Database, getProfile, listMyOrganizations, updateProfile } from '@repo/database';
import { errorResponses, notFound } from '../http/errors';
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

/** /v1/me: the signed-in user, their profile and organizations. */
export function meRoutes(db: Database) {
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
        const [profile, organizations] = await db.rls(
          user.claims,
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
        const profile = await db.rls(
          user.claims,
          (tx) => updateProfile(tx, user.id, input),
          ONE_STATEMENT,
        );
        if (!profile) throw notFound('profile');
        return c.json(withIsoTimestamps(profile), 200);
      },
    );
}
