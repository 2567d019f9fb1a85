import { secureAlphanumeric } from '../secure';
import type { AuthContext } from './context';
import type { Db } from './db';
import { clearEmailTokens, isTokenExpired, PKCE_PREFIX, type TokenColumn } from './email-tokens';
import { badRequest, forbidden } from './errors';
import { hashPassword } from './password';
import type { AuthMethod } from './sessions';
import {
  findUserByEmail,
  isBanned,
  isConfirmed,
  mergeMetadata,
  type UserRow,
  updateEmailIdentity,
  updateUser,
} from './users';

export const EMAIL_OTP_TYPES = [
  'signup',
  'invite',
  'magiclink',
  'recovery',
  'email_change',
  'email',
] as const;
export type EmailOtpType = (typeof EMAIL_OTP_TYPES)[number];

/** Which code columns a verification type may match (GoTrue verifyTokenHash). */
const COLUMNS: Record<EmailOtpType, TokenColumn[]> = {
  signup: ['confirmation_token'],
  invite: ['confirmation_token'],
  magiclink: ['recovery_token'],
  recovery: ['recovery_token'],
  email: ['confirmation_token', 'recovery_token'],
  email_change: ['email_change_token_current', 'email_change_token_new'],
};

/** The amr method a PKCE code carries for each link type (models.ParseAuthenticationMethod). */
export const LINK_AUTH_METHOD: Record<Exclude<EmailOtpType, 'email'>, AuthMethod> = {
  signup: 'email/signup',
  invite: 'invite',
  magiclink: 'magiclink',
  recovery: 'recovery',
  email_change: 'email_change',
};

export interface VerifiedToken {
  user: UserRow;
  column: TokenColumn;
  /** The type with `email` resolved to signup or magiclink, as GoTrue rewrites it. */
  type: Exclude<EmailOtpType, 'email'>;
}

const LINK_INVALID = 'Email link is invalid or has expired';
const CODE_INVALID = 'Token has expired or is invalid';

/** A link's token (`token_hash`, or GET /verify's `token`): matched exactly, then checked for age. */
export async function verifyTokenHash(
  db: Db,
  ctx: AuthContext,
  type: EmailOtpType,
  hash: string,
): Promise<VerifiedToken> {
  const [user] = await db<UserRow[]>`
    select * from auth.users
    where ${hash} in (confirmation_token, recovery_token, email_change_token_current, email_change_token_new)
    limit 1`;
  const column = user && COLUMNS[type].find((c) => user[c] === hash);
  if (!user || !column) throw forbidden('otp_expired', LINK_INVALID);
  return checkToken(ctx, { user, column, type: resolveType(type, column) }, LINK_INVALID);
}

/** A typed code with its address: GoTrue hashes address+code and compares with the stored hash. */
export async function verifyEmailCode(
  db: Db,
  ctx: AuthContext,
  type: EmailOtpType,
  email: string,
  hash: string,
): Promise<VerifiedToken> {
  const user =
    type === 'email_change'
      ? (
          await db<UserRow[]>`
            select * from auth.users
            where lower(email) = lower(${email}) or lower(email_change) = lower(${email}) limit 1`
        )[0]
      : await findUserByEmail(db, email);
  const column =
    user && COLUMNS[type].find((c) => user[c] === hash || user[c] === PKCE_PREFIX + hash);
  if (!user || !column) throw forbidden('otp_expired', CODE_INVALID);
  return checkToken(ctx, { user, column, type: resolveType(type, column) }, CODE_INVALID);
}

function resolveType(type: EmailOtpType, column: TokenColumn): VerifiedToken['type'] {
  if (type !== 'email') return type;
  return column === 'recovery_token' ? 'magiclink' : 'signup';
}

function checkToken(ctx: AuthContext, verified: VerifiedToken, message: string): VerifiedToken {
  if (isBanned(verified.user)) throw forbidden('user_banned', 'User is banned');
  if (isTokenExpired(verified.user, verified.column, ctx.settings.otpExpiry)) {
    throw forbidden('otp_expired', message);
  }
  return verified;
}

/**
 * What following a link does (GoTrue signupVerify/recoverVerify/emailChangeVerify). Returns the
 * user to sign in, or undefined when an email change still waits for its second link.
 */
export async function applyVerification(
  db: Db,
  ctx: AuthContext,
  { user, column, type }: VerifiedToken,
): Promise<UserRow | undefined> {
  switch (type) {
    case 'signup':
    case 'invite': {
      let current = user;
      if (!current.encrypted_password && current.invited_at) {
        // An invitee gets a random password until they choose one (GoTrue does the same).
        current = await updateUser(db, user.id, {
          encrypted_password: await hashPassword(secureAlphanumeric(64)),
        });
      }
      return confirmEmail(db, current);
    }
    case 'magiclink':
    case 'recovery': {
      const recovered = await clearEmailTokens(db, user, ['recovery_token']);
      return isConfirmed(recovered) ? recovered : confirmEmail(db, recovered);
    }
    case 'email_change':
      return verifyEmailChange(db, ctx, user, column);
  }
}

/** GoTrue's User.Confirm: confirmed now, email_verified in the metadata, pending codes gone. */
export async function confirmEmail(db: Db, user: UserRow): Promise<UserRow> {
  await db`delete from auth.one_time_tokens where user_id = ${user.id}`;
  await updateEmailIdentity(db, user.id, { email_verified: true });
  return updateUser(db, user.id, {
    email_confirmed_at: user.email_confirmed_at ?? new Date(),
    confirmation_token: '',
    raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, { email_verified: true }),
  });
}

async function verifyEmailChange(
  db: Db,
  ctx: AuthContext,
  user: UserRow,
  column: TokenColumn,
): Promise<UserRow | undefined> {
  // With autoconfirm (the local default) one link is enough, as in GoTrue.
  const needsBoth =
    ctx.settings.enableConfirmations &&
    ctx.settings.doubleConfirmChanges &&
    user.email_change_confirm_status === 0 &&
    Boolean(user.email);
  if (needsBoth) {
    await clearEmailTokens(db, user, [column]);
    await updateUser(db, user.id, { email_change_confirm_status: 1 });
    return undefined;
  }
  if (!user.email_change) throw badRequest('validation_failed', 'No email change is pending');
  const newEmail = user.email_change;
  await clearEmailTokens(db, user, ['email_change_token_current', 'email_change_token_new']);
  await updateEmailIdentity(db, user.id, { email: newEmail, email_verified: true });
  return updateUser(db, user.id, {
    email: newEmail,
    email_change: '',
    email_change_confirm_status: 0,
    email_confirmed_at: user.email_confirmed_at ?? new Date(),
    raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, { email: newEmail }),
    is_anonymous: false,
  });
}
