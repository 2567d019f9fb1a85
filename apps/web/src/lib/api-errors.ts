import type { ApiErrorBody } from '@repo/api/client';
import { DetailedError } from 'hono/client';
import { type ActionResult, unreachable } from './action-result';

/**
 * Every API error a person can see is worded here, and only here: what happened and what to do.
 * The API's own `message` (and the schema library's text in `details`) is written for developers,
 * so it is logged, never shown.
 */

const SESSION_ENDED = 'Your session has ended. Sign in again.';
const TRY_AGAIN_SOON = 'The service is busy right now. Wait a moment, then try again.';
const UNKNOWN = 'Something went wrong on our side. Try again.';

/** The API's stable error codes, in the product's words. */
const MESSAGES: Record<string, string> = {
  missing_token: SESSION_ENDED,
  invalid_token: SESSION_ENDED,
  token_expired: SESSION_ENDED,
  not_found: 'That no longer exists, or you no longer have access to it.',
  slug_taken: 'That URL slug is taken. Try another one.',
  already_invited: 'That address already has an open invitation.',
  cannot_invite_yourself:
    "You are already a member, so you cannot invite your own address. Enter a teammate's email.",
  last_owner:
    'An organization needs at least one owner. Make someone else an owner first, or delete the organization.',
  sole_owner: 'You are the only owner of these organizations. Make someone else an owner first.',
  invitation_not_found: 'This invitation does not exist, was already used, or has expired.',
  invitation_for_another_email:
    'This invitation was sent to another email address. Sign in with that address to accept it.',
  confirmation_required: 'Type your email address exactly as shown to confirm.',
  conflict: 'That clashes with something that already exists. Change it and try again.',
  invalid_reference: 'Something this refers to no longer exists. Reload the page and try again.',
  row_locked: 'Someone else is changing this right now. Try again in a moment.',
  rate_limited: 'You are going a bit fast. Wait a minute, then try again.',
  invitation_rate_limited:
    'This organization has sent many invitations in the last hour. Wait a while, then try again.',
  timeout: 'That took too long. Try again.',
  retry: 'That collided with another change. Try again.',
  database_unavailable: TRY_AGAIN_SOON,
  auth_unavailable: 'Sign-in is unavailable right now. Try again in a moment.',
  invalid_cursor: 'This list changed while you were reading it. Reload the page.',
};

/**
 * The one code whose API message is shown: every `forbidden` the API sends names the rule in plain
 * words ("Only admins and owners can manage invitations."), which no generic text could match.
 */
const WORDED_BY_THE_API = new Set(['forbidden']);
const FORBIDDEN = 'You do not have permission to do that.';

/** What each input must be, for a `validation_failed` naming that field. */
const FIELDS: Record<string, string> = {
  token:
    'This invitation link is incomplete or damaged. Open the link from the invitation email again, or ask for a new invitation.',
  email: 'Enter a valid email address, like name@example.com.',
  name: 'Enter a name of 1 to 80 characters.',
  slug: 'Use 3 to 48 lowercase letters, digits and dashes, starting and ending with a letter or digit.',
  title: 'Enter a title of 1 to 200 characters.',
  body: 'Keep the description under 10,000 characters.',
  displayName: 'Keep your display name to 80 characters or fewer.',
  avatarUrl: 'Enter a picture address starting with https://, or leave it empty.',
  role: 'Choose a role from the list.',
  confirmation: MESSAGES.confirmation_required!,
};
const INVALID_FIELDS = 'Some of what you entered is not valid. Check the fields and try again.';

/** Own entries only: `constructor` must not find Object.prototype's. */
const own = (table: Record<string, string>, key: string | undefined) =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

function firstInvalidField(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  const path = (details[0] as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path.split('.')[0] : undefined;
}

/** The message for an API error response (status and parsed JSON body, if any). */
export function apiErrorMessage(status: number, body: unknown): string {
  const error = (body as ApiErrorBody | null | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  if (code === 'validation_failed') {
    return own(FIELDS, firstInvalidField(error?.details)) ?? INVALID_FIELDS;
  }
  const message = own(MESSAGES, code);
  if (message) return message;
  if (code && WORDED_BY_THE_API.has(code)) {
    return typeof error?.message === 'string' && error.message ? error.message : FORBIDDEN;
  }
  if (status === 403) return FORBIDDEN;
  if (status === 401) return SESSION_ENDED;
  if (status === 429 || status === 503) return TRY_AGAIN_SOON;
  return UNKNOWN;
}

/** Turns what an API call threw into an ActionResult error (logs what people should not see). */
export function apiFailure(error: unknown): ActionResult<never> {
  if (error instanceof DetailedError) {
    const body = (error.detail as { data?: ApiErrorBody } | undefined)?.data;
    const code = body?.error?.code;
    const status = error.statusCode ?? 500;
    const worded =
      code &&
      (Object.hasOwn(MESSAGES, code) ||
        WORDED_BY_THE_API.has(code) ||
        code === 'validation_failed');
    if (!worded) {
      console.error('API error without a worded code', status, error.detail);
    }
    const message = apiErrorMessage(status, body);
    return typeof code === 'string'
      ? { ok: false, code, error: message }
      : { ok: false, error: message };
  }
  console.error('API call failed', error);
  return unreachable;
}
