import { z } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error the API returns has this shape; `code` is stable, `message` is for people. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'No item with this id is visible to you.' }),
      details: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .openapi({ description: 'Which fields were wrong, for validation errors.' }),
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBody>;

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Which fields were wrong (validation), or what a specific error documents (e.g. sole_owner). */
    readonly details?: { path: string; message: string }[] | Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) =>
  new ApiError(404, 'not_found', `No ${what} with this id is visible to you.`);

/**
 * The database refused a sensitive change because the caller has a verified second factor and
 * their session is aal1 (migrations/0006_mfa_aal2.sql): the client should ask for a code.
 */
export const secondFactorRequired = () =>
  new ApiError(
    403,
    'insufficient_aal',
    'Confirm it with the code from your authenticator app, then try again.',
  );

/** OpenAPI response entries for the errors most routes share. */
export const errorResponses = (
  ...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 502 | 503)[]
) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: ERROR_DESCRIPTIONS[status],
        content: { 'application/json': { schema: ErrorBody } },
      },
    ]),
  ) as Record<
    (typeof statuses)[number],
    { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }
  >;

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input (malformed JSON, unknown or wrong fields, bad ids).',
  401: 'Missing, malformed or expired access token.',
  403: 'Signed in, but not allowed to do this.',
  404: 'Not found, or not visible to you.',
  409: 'Conflicts with the current state (taken slug, last owner, open invitation).',
  413: 'Request body too large.',
  415: 'The body is not sent as JSON (`Content-Type: application/json`).',
  502: 'A downstream service (email) failed; nothing was saved.',
  503: 'A dependency (the database, Auth signing keys) is unavailable or busy; try again.',
} as const;
