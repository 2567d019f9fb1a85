import type { AuthContext } from './context';
import type { Db } from './db';
import { assertCanSendAgain, issueEmailToken, type TokenColumn } from './email-tokens';
import { checkEmailLimit } from './rate-limit';
import { type UserRow, updateUser } from './users';

export interface LinkOptions {
  redirectTo: string;
  /** PKCE flow: the link's token gets the `pkce_` prefix and GET /verify answers with a code. */
  pkce: boolean;
}

type LinkKind = 'confirmation' | 'magic_link' | 'recovery' | 'invite';

const LINK_COLUMN: Record<LinkKind, TokenColumn> = {
  confirmation: 'confirmation_token',
  magic_link: 'recovery_token', // a magic link is a recovery with another template (GoTrue)
  recovery: 'recovery_token',
  invite: 'confirmation_token',
};

/** Sends one of the single-link emails, honouring max_frequency (invites are exempt, as in GoTrue). */
export async function sendEmailLink(
  db: Db,
  ctx: AuthContext,
  user: UserRow,
  kind: LinkKind,
  options: LinkOptions,
): Promise<UserRow> {
  const column = LINK_COLUMN[kind];
  if (kind !== 'invite') {
    const sentAt = column === 'recovery_token' ? user.recovery_sent_at : user.confirmation_sent_at;
    assertCanSendAgain(sentAt, ctx.settings.maxFrequency);
  }
  checkEmailLimit(ctx.limits.email);
  const issued = await issueEmailToken(db, user, column, user.email!, {
    otpLength: ctx.settings.otpLength,
    pkce: options.pkce,
  });
  ctx.mailer.send(kind, {
    to: user.email!,
    tokenHash: issued.tokenHash,
    otp: issued.otp,
    redirectTo: options.redirectTo,
    email: user.email!,
  });
  return kind === 'invite' ? updateUser(db, user.id, { invited_at: new Date() }) : issued.user;
}

/**
 * An email change: a link to the new address and, with double_confirm_changes, one to the
 * current address too; the change applies once the links are followed (GoTrue sendEmailChange).
 */
export async function sendEmailChange(
  db: Db,
  ctx: AuthContext,
  user: UserRow,
  newEmail: string,
  options: LinkOptions,
): Promise<UserRow> {
  assertCanSendAgain(user.email_change_sent_at, ctx.settings.maxFrequency);
  checkEmailLimit(ctx.limits.email);
  const tokenOptions = { otpLength: ctx.settings.otpLength, pkce: options.pkce };
  let current = await updateUser(db, user.id, {
    email_change: newEmail,
    email_change_confirm_status: 0,
    email_change_token_current: '',
  });
  const recipients: Array<{ to: string; otp: string; tokenHash: string }> = [];
  const toNew = await issueEmailToken(
    db,
    current,
    'email_change_token_new',
    newEmail,
    tokenOptions,
  );
  recipients.push({ to: newEmail, ...toNew });
  current = toNew.user;
  if (ctx.settings.doubleConfirmChanges && user.email) {
    const toCurrent = await issueEmailToken(
      db,
      current,
      'email_change_token_current',
      user.email,
      tokenOptions,
    );
    recipients.push({ to: user.email, ...toCurrent });
    current = toCurrent.user;
  }
  for (const recipient of recipients) {
    ctx.mailer.send('email_change', {
      to: recipient.to,
      tokenHash: recipient.tokenHash,
      otp: recipient.otp,
      redirectTo: options.redirectTo,
      email: user.email ?? '',
      newEmail,
    });
  }
  return current;
}
