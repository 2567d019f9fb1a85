import { databaseUnavailable } from '@repo/database';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** GoTrue's error codes that this stand-in returns (internal/api/apierrors/errorcode.go). */
export type ErrorCode =
  | 'anonymous_provider_disabled'
  | 'bad_code_verifier'
  | 'bad_json'
  | 'bad_jwt'
  | 'email_exists'
  | 'email_not_confirmed'
  | 'email_provider_disabled'
  | 'feature_disabled'
  | 'flow_state_expired'
  | 'flow_state_not_found'
  | 'identity_not_found'
  | 'insufficient_aal'
  | 'invalid_credentials'
  | 'manual_linking_disabled'
  | 'mfa_challenge_expired'
  | 'mfa_factor_name_conflict'
  | 'mfa_factor_not_found'
  | 'mfa_ip_address_mismatch'
  | 'mfa_phone_enroll_not_enabled'
  | 'mfa_totp_enroll_not_enabled'
  | 'mfa_totp_verify_not_enabled'
  | 'mfa_verification_failed'
  | 'mfa_webauthn_enroll_not_enabled'
  | 'no_authorization'
  | 'not_found'
  | 'not_admin'
  | 'otp_disabled'
  | 'otp_expired'
  | 'over_email_send_rate_limit'
  | 'over_request_rate_limit'
  | 'passkey_disabled'
  | 'request_too_large'
  | 'phone_provider_disabled'
  | 'provider_disabled'
  | 'reauthentication_needed'
  | 'reauthentication_not_valid'
  | 'refresh_token_already_used'
  | 'refresh_token_not_found'
  | 'saml_provider_disabled'
  | 'same_password'
  | 'session_expired'
  | 'session_not_found'
  | 'signup_disabled'
  | 'single_identity_not_deletable'
  | 'too_many_enrolled_mfa_factors'
  | 'unexpected_audience'
  | 'unexpected_failure'
  | 'user_already_exists'
  | 'user_banned'
  | 'user_not_found'
  | 'validation_failed'
  | 'weak_password'
  | 'web3_provider_disabled';

/** An error GoTrue reports as `{code, message}` (plus `extra` fields such as weak_password). */
export class AuthError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** An OAuth-style error, answered as 400 `{error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export const badRequest = (code: ErrorCode, message: string) => new AuthError(400, code, message);
export const unauthorized = (code: ErrorCode, message: string) => new AuthError(401, code, message);
export const forbidden = (code: ErrorCode, message: string) => new AuthError(403, code, message);
export const notFound = (code: ErrorCode, message: string) => new AuthError(404, code, message);
export const unprocessable = (code: ErrorCode, message: string) =>
  new AuthError(422, code, message);
export const tooManyRequests = (code: ErrorCode, message: string) =>
  new AuthError(429, code, message);

/** The database is down or restarting: temporary, unlike GoTrue's 500 for a failed query. */
const DATABASE_UNAVAILABLE = new AuthError(
  503,
  'unexpected_failure',
  'The database is not available right now, please retry',
);

/** GoTrue's DuplicateEmailMsg, for every route that finds an address taken. */
export const EMAIL_TAKEN = 'A user with this email address has already been registered';

export const API_VERSION = '2024-01-01';

/**
 * GoTrue's error body: `{code, message}` for clients that send X-Supabase-Api-Version (every
 * auth-js does), the legacy `{code: <status>, error_code, msg}` otherwise.
 */
export function errorResponse(c: Context, error: unknown, log: (line: string) => void): Response {
  if (error instanceof OAuthError) {
    return c.json({ error: error.error, error_description: error.description }, 400);
  }
  const unavailable = !(error instanceof AuthError) && databaseUnavailable(error);
  const known =
    error instanceof AuthError
      ? error
      : unavailable
        ? DATABASE_UNAVAILABLE
        : new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs');
  // 503: auth-js treats it as retryable (AuthRetryableFetchError) and backs off.
  if (unavailable) c.header('Retry-After', '1');
  else if (!(error instanceof AuthError))
    log(`auth: ${error instanceof Error ? error.stack : error}`);
  c.header('x-sb-error-code', known.code);
  for (const [name, value] of Object.entries(known.headers)) c.header(name, value);
  const body = c.req.header('x-supabase-api-version')
    ? { code: known.code, message: known.message, ...known.extra }
    : { code: known.status, error_code: known.code, msg: known.message, ...known.extra };
  return c.json(body, known.status);
}
