import { safeEqual, tokenHash } from '../secure';
import type { AuthContext } from './context';
import type { Db } from './db';
import {
  assertCanSendAgain,
  clearEmailTokens,
  issueEmailToken,
  isTokenExpired,
} from './email-tokens';
import { badRequest, unprocessable } from './errors';
import { checkEmailLimit } from './rate-limit';
import type { SessionRow } from './sessions';
import type { UserRow } from './users';

/** GoTrue's InvalidNonceMessage. */
const INVALID_NONCE = 'Nonce has expired or is invalid';

/** A session this young may change its password without a nonce (GoTrue: 24 hours). */
const RECENT_SIGN_IN_MS = 24 * 60 * 60 * 1000;

/** Emails the user a code (the nonce) to confirm a sensitive change (GoTrue sendReauthenticationOtp). */
export async function sendReauthentication(db: Db, ctx: AuthContext, user: UserRow): Promise<void> {
  assertCanSendAgain(user.reauthentication_sent_at, ctx.settings.maxFrequency);
  checkEmailLimit(ctx.limits.email);
  const issued = await issueEmailToken(db, user, 'reauthentication_token', user.email!, {
    otpLength: ctx.settings.otpLength,
    pkce: false,
  });
  ctx.mailer.send('reauthentication', {
    to: user.email!,
    tokenHash: issued.tokenHash,
    otp: issued.otp,
    redirectTo: '',
    email: user.email!,
  });
}

/**
 * With `[auth.email] secure_password_change`, a password change from a session older than 24 hours
 * (or from a token without one) needs the emailed nonce. Returns whether a nonce was used, so the
 * caller spends it with the change.
 */
export function checkPasswordChangeAllowed(
  ctx: AuthContext,
  user: UserRow,
  session: SessionRow | undefined,
  nonce: string | undefined,
): boolean {
  if (!ctx.settings.securePasswordChange) return false;
  if (session && Date.now() <= session.created_at.getTime() + RECENT_SIGN_IN_MS) return false;
  if (!nonce)
    throw badRequest('reauthentication_needed', 'Password update requires reauthentication');
  const stored = user.reauthentication_token;
  if (!stored || !user.email) throw unprocessable('reauthentication_not_valid', INVALID_NONCE);
  const valid =
    safeEqual(tokenHash(user.email, nonce), stored) &&
    !isTokenExpired(user, 'reauthentication_token', ctx.settings.otpExpiry);
  if (!valid) throw unprocessable('reauthentication_not_valid', INVALID_NONCE);
  return true;
}

/** A nonce works once (GoTrue ConfirmReauthentication). */
export async function spendNonce(db: Db, user: UserRow): Promise<UserRow> {
  return clearEmailTokens(db, user, ['reauthentication_token']);
}
