import type { ApiErrorBody } from '@repo/api/client';
import { DetailedError } from 'hono/client';
import { type ActionResult, unreachable } from './action-result';

/** The API's stable error codes, in the product's words. Unlisted codes show the API's message. */
const MESSAGES: Record<string, string> = {
  missing_token: 'Your session has ended. Sign in again.',
  invalid_token: 'Your session has ended. Sign in again.',
  token_expired: 'Your session has ended. Sign in again.',
  not_found: 'That no longer exists, or you no longer have access to it.',
  slug_taken: 'That URL slug is taken. Try another one.',
  already_invited: 'That address already has an open invitation.',
  last_owner:
    'An organization needs at least one owner. Make someone else an owner first, or delete the organization.',
  invitation_not_found: 'This invitation does not exist, was already used, or has expired.',
  invitation_for_another_email:
    'This invitation was sent to another email address. Sign in with that address to accept it.',
  timeout: 'That took too long. Try again.',
  retry: 'That collided with another change. Try again.',
  auth_unavailable: 'Sign-in is unavailable right now. Try again in a moment.',
};

const UNKNOWN = 'Something went wrong on our side. Try again.';

/** Turns what an API call threw into an ActionResult error (logs what people should not see). */
export function apiFailure(error: unknown): ActionResult<never> {
  if (error instanceof DetailedError) {
    const body = (error.detail as { data?: ApiErrorBody } | undefined)?.data?.error;
    const code = body?.code;
    if (code === 'validation_failed') {
      const first = body?.details?.[0];
      return { ok: false, code, error: first ? `${first.message}` : 'Some fields are invalid.' };
    }
    if (code) {
      const message = Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : undefined;
      return { ok: false, code, error: message ?? body?.message ?? UNKNOWN };
    }
    console.error('API error without a code', error.statusCode, error.detail);
    return { ok: false, error: UNKNOWN };
  }
  console.error('API call failed', error);
  return unreachable;
}
