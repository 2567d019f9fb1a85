import {
  isAuthError,
  isAuthRetryableFetchError,
  isAuthWeakPasswordError,
} from '@supabase/supabase-js';

/** Supabase Auth's error codes, in the product's words. */
const MESSAGES: Record<string, string> = {
  invalid_credentials: 'That email and password do not match. Check them, or reset your password.',
  email_not_confirmed:
    'Confirm your email first: open the link we sent you. No email? Sign up again to get a new one.',
  user_already_exists: 'An account with this email already exists. Sign in instead.',
  email_exists: 'An account with this email already exists. Sign in instead.',
  weak_password: 'Choose a stronger password.',
  same_password: 'Choose a password different from your current one.',
  over_email_send_rate_limit:
    'Too many emails were sent to this address just now. Wait a minute, then try again.',
  over_request_rate_limit: 'Too many attempts. Wait a minute, then try again.',
  otp_expired: 'This link has expired or was already used. Request a new one.',
  flow_state_expired: 'This sign-in took too long. Start again.',
  flow_state_not_found: 'This sign-in link was already used or is not valid. Start again.',
  bad_code_verifier:
    'Open the link in the same browser you started from, or request a new link there.',
  email_address_invalid: 'Enter a valid email address.',
  validation_failed: 'Check the fields and try again.',
  signup_disabled: 'New sign-ups are closed.',
  otp_disabled: 'There is no account with this email. Sign up first.',
  user_banned: 'This account is suspended.',
  session_not_found: 'Your session has ended. Sign in again.',
  session_expired: 'Your session has ended. Sign in again.',
  provider_disabled: 'That sign-in method is not enabled.',
  mfa_verification_failed:
    'That code did not work. Enter the 6-digit code your authenticator app shows now.',
  mfa_challenge_expired: 'That took too long. Enter the current code again.',
  mfa_factor_not_found: 'This authenticator is no longer set up. Reload the page.',
  insufficient_aal: 'Confirm with the code from your authenticator app first.',
  too_many_enrolled_mfa_factors: 'You have set up as many authenticators as allowed.',
  mfa_totp_enroll_not_enabled: 'Authenticator apps are not enabled for this project.',
  mfa_totp_verify_not_enabled: 'Authenticator apps are not enabled for this project.',
};

/** Own entries only: codes come from links, so `constructor` must not find Object's. */
const messageFor = (code: string | null | undefined) =>
  code && Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : undefined;

const NETWORK = "Can't reach the sign-in service right now. Check your connection and try again.";
const UNKNOWN = 'Something went wrong. Try again.';

/** A message a person can act on, for anything the Supabase Auth client returned or threw. */
export function authErrorMessage(error: unknown): string {
  if (isAuthWeakPasswordError(error)) {
    return `Choose a stronger password: ${error.message.replace(/\.$/, '')}.`;
  }
  if (isAuthRetryableFetchError(error)) return NETWORK;
  if (isAuthError(error)) {
    const message = messageFor(error.code);
    if (message) return message;
    if (error.status === 429) return MESSAGES.over_request_rate_limit!;
    console.error('Unmapped auth error', error.code, error.status, error.message);
    return UNKNOWN;
  }
  console.error('Auth call failed', error);
  return NETWORK;
}

/** Same, for a bare error code (from a link's `?error=` or our own redirects). */
export function authCodeMessage(code: string | null | undefined): string {
  return messageFor(code) ?? 'This link is not valid any more. Request a new one.';
}
