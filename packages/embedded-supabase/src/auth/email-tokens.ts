import { generateOtp, tokenHash } from '../secure';
import type { Db } from './db';
import { tooManyRequests } from './errors';
import { type UserChanges, type UserRow, updateUser } from './users';

/** The auth.users columns holding the hash of an emailed code, one per purpose. */
export type TokenColumn =
  | 'confirmation_token'
  | 'recovery_token'
  | 'email_change_token_current'
  | 'email_change_token_new'
  | 'reauthentication_token';

const SENT_AT: Record<TokenColumn, keyof UserRow> = {
  confirmation_token: 'confirmation_sent_at',
  recovery_token: 'recovery_sent_at',
  email_change_token_current: 'email_change_sent_at',
  email_change_token_new: 'email_change_sent_at',
  reauthentication_token: 'reauthentication_sent_at',
};

export const PKCE_PREFIX = 'pkce_';

export interface IssuedToken {
  otp: string;
  /** What the link carries and the column stores: the hash, `pkce_`-prefixed in the PKCE flow. */
  tokenHash: string;
}

/**
 * A fresh code for `address`: its hash goes to the user's column (the legacy source of truth
 * GoTrue still reads) and to auth.one_time_tokens (the newer table).
 */
export async function issueEmailToken(
  db: Db,
  user: UserRow,
  column: TokenColumn,
  address: string,
  options: { otpLength: number; pkce: boolean },
): Promise<IssuedToken & { user: UserRow }> {
  const otp = generateOtp(options.otpLength);
  const hash = (options.pkce ? PKCE_PREFIX : '') + tokenHash(address, otp);
  return { otp, tokenHash: hash, user: await storeEmailToken(db, user, column, address, hash) };
}

/** Stores a code's hash for `address`, replacing any earlier code of that kind. */
export async function storeEmailToken(
  db: Db,
  user: UserRow,
  column: TokenColumn,
  address: string,
  hash: string,
): Promise<UserRow> {
  const changes: UserChanges = { [column]: hash, [SENT_AT[column]]: new Date() };
  const updated = await updateUser(db, user.id, changes);
  await db`
    insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to)
    values (gen_random_uuid(), ${user.id}, ${column}, ${hash}, ${address})
    on conflict (user_id, token_type)
    do update set token_hash = excluded.token_hash, relates_to = excluded.relates_to, updated_at = now()`;
  return updated;
}

/** Clears used codes, in both places GoTrue keeps them. */
export async function clearEmailTokens(
  db: Db,
  user: UserRow,
  columns: TokenColumn[],
): Promise<UserRow> {
  await db`
    delete from auth.one_time_tokens
    where user_id = ${user.id} and token_type::text in ${db(columns)}`;
  return updateUser(db, user.id, Object.fromEntries(columns.map((c) => [c, ''])));
}

/** `max_frequency`: one email of a kind per user per interval (GoTrue answers 429). */
export function assertCanSendAgain(sentAt: Date | null, maxFrequencySeconds: number): void {
  if (!sentAt) return;
  const waitMs = sentAt.getTime() + maxFrequencySeconds * 1000 - Date.now();
  if (waitMs > 0) {
    throw tooManyRequests(
      'over_email_send_rate_limit',
      `For security purposes, you can only request this after ${Math.ceil(waitMs / 1000)} seconds.`,
    );
  }
}

/** Whether the code in `column` is older than otp_expiry. */
export function isTokenExpired(
  user: UserRow,
  column: TokenColumn,
  otpExpirySeconds: number,
): boolean {
  const sentAt = user[SENT_AT[column]] as Date | null;
  return !sentAt || sentAt.getTime() + otpExpirySeconds * 1000 < Date.now();
}
