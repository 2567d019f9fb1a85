import { randomUUID } from 'node:crypto';
import type { AuthContext } from './context';
import type { Json } from './db';
import { sendEmailLink } from './emails';
import { unprocessable } from './errors';
import { createFlowState, type PkceChallenge } from './pkce';
import { type SessionResponse, startSession } from './sessions';
import { userJson } from './user-json';
import {
  emailIdentityData,
  findUserByEmail,
  identitiesOf,
  insertUser,
  isConfirmed,
  mergeMetadata,
  type UserRow,
  updateUser,
} from './users';
import { confirmEmail } from './verification';

export interface SignUpInput {
  email: string;
  /** Already checked for strength and hashed. */
  passwordHash: string;
  data: Json;
  pkce?: PkceChallenge;
  redirectTo: string;
}

/** A session when sign-ups confirm at once, else the user (confirmation email sent). */
export type SignUpResult = SessionResponse | Record<string, unknown>;

export const EMAIL_APP_METADATA = { provider: 'email', providers: ['email'] };

/**
 * GoTrue's email sign-up. An existing unconfirmed account keeps its password (the caller cannot
 * prove it owns it) and is confirmed, or sent its confirmation again; a confirmed one is "already
 * registered" with autoconfirm, else an obfuscated look-alike so addresses cannot be probed.
 */
export async function signUp(ctx: AuthContext, input: SignUpInput): Promise<SignUpResult> {
  const autoconfirm = !ctx.settings.enableConfirmations;
  return ctx.sql.begin(async (tx) => {
    let user = await findUserByEmail(tx, input.email);
    if (user && isConfirmed(user)) {
      if (autoconfirm) throw unprocessable('user_already_exists', 'User already registered');
      return obfuscatedUser(input.email, input.data);
    }
    if (!user) {
      const created = await insertUser(tx, {
        email: input.email,
        encryptedPassword: input.passwordHash,
        confirmed: false,
        appMetadata: EMAIL_APP_METADATA,
        userMetadata: input.data,
      });
      user = await updateUser(tx, created.id, {
        raw_user_meta_data: mergeMetadata(input.data, emailIdentityData(created, false)),
      });
    }
    if (autoconfirm) {
      return startSession(tx, ctx, await confirmEmail(tx, user), 'password');
    }
    if (input.pkce) await createFlowState(tx, user.id, input.pkce, 'email/signup');
    const sent = await sendEmailLink(tx, ctx, user, 'confirmation', {
      redirectTo: input.redirectTo,
      pkce: Boolean(input.pkce),
    });
    return userJson(sent, await identitiesOf(tx, sent.id));
  });
}

/** GoTrue's sanitizeUser: a believable user with a random id and no identities. */
function obfuscatedUser(email: string, data: Json): Record<string, unknown> {
  const now = new Date();
  const fake: UserRow = {
    id: randomUUID(),
    aud: 'authenticated',
    role: '',
    email,
    encrypted_password: null,
    email_confirmed_at: null,
    invited_at: null,
    confirmation_token: null,
    confirmation_sent_at: now,
    recovery_token: null,
    recovery_sent_at: null,
    email_change_token_new: null,
    email_change: null,
    email_change_sent_at: null,
    email_change_token_current: null,
    email_change_confirm_status: 0,
    last_sign_in_at: null,
    raw_app_meta_data: EMAIL_APP_METADATA,
    raw_user_meta_data: data,
    created_at: now,
    updated_at: now,
    phone: null,
    phone_confirmed_at: null,
    phone_change: null,
    phone_change_sent_at: null,
    confirmed_at: null,
    reauthentication_token: null,
    reauthentication_sent_at: null,
    banned_until: null,
    deleted_at: null,
    is_anonymous: false,
  };
  return userJson(fake, []);
}
