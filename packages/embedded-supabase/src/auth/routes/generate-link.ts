import { Hono } from 'hono';
import { z } from 'zod';
import { generateOtp, secureAlphanumeric, tokenHash } from '../../secure';
import type { AuthContext } from '../context';
import type { Db } from '../db';
import { validateEmail } from '../email-address';
import { storeEmailToken, type TokenColumn } from '../email-tokens';
import { badRequest, EMAIL_TAKEN, notFound, unprocessable } from '../errors';
import { type AdminEnv, requireAdmin } from '../guards';
import { actionLink } from '../mailer';
import { assertStrongPassword, hashPassword } from '../password';
import { isRedirectAllowed, requestedRedirect } from '../redirect';
import { metadata, optionalString, readBody } from '../request';
import { EMAIL_APP_METADATA } from '../signup';
import { userJson } from '../user-json';
import {
  findUserByEmail,
  identitiesOf,
  insertUser,
  isConfirmed,
  mergeMetadata,
  type UserRow,
  updateUser,
} from '../users';

const LINK_TYPES = [
  'signup',
  'invite',
  'magiclink',
  'recovery',
  'email_change_current',
  'email_change_new',
] as const;
type LinkType = (typeof LINK_TYPES)[number];

const generateLinkBody = z.object({
  type: z.string(),
  email: optionalString,
  new_email: optionalString,
  password: optionalString,
  data: metadata.nullish(),
  redirect_to: optionalString,
  redirectTo: optionalString,
});
type GenerateLinkBody = z.infer<typeof generateLinkBody>;

/**
 * POST /admin/generate_link: makes the link an email would carry, without sending anything. The
 * answer is the user's fields plus action_link, email_otp, hashed_token, verification_type and
 * redirect_to (GoTrue adminGenerateLink).
 */
export function generateLinkRoutes(ctx: AuthContext) {
  return new Hono<AdminEnv>().post('/admin/generate_link', requireAdmin(ctx), async (c) => {
    const body = await readBody(c, generateLinkBody);
    if (!(LINK_TYPES as readonly string[]).includes(body.type)) {
      throw badRequest(
        'validation_failed',
        `Invalid email action link type requested: ${body.type}`,
      );
    }
    const email = validateEmail(body.email);
    const bodyRedirect = body.redirect_to ?? body.redirectTo;
    const redirectTo = isRedirectAllowed(ctx.settings, bodyRedirect)
      ? bodyRedirect!
      : requestedRedirect(c, ctx.settings);

    const existing = await findUserByEmail(ctx.sql, email);
    const requested = body.type as LinkType;
    // A magic link for a stranger signs them up (GoTrue turns it into a signup link).
    const type: LinkType = !existing && requested === 'magiclink' ? 'signup' : requested;
    if (!existing && type !== 'signup' && type !== 'invite') {
      throw notFound('user_not_found', 'User with this email not found');
    }
    const passwordHash =
      type === 'signup' && !existing
        ? await newUserPassword(ctx, requested, body.password)
        : undefined;

    const otp = generateOtp(ctx.settings.otpLength);
    const hashedToken = tokenHash(email, otp);
    const result = await ctx.sql.begin(async (tx) => {
      const user = await prepareUser(tx, existing, type, email, body, passwordHash);
      const { column, address } = linkTarget(type, user, body, email);
      if (type === 'email_change_current' && !ctx.settings.doubleConfirmChanges) {
        throw badRequest(
          'validation_failed',
          'Enable secure email change to generate link for current email',
        );
      }
      const stored = address === email ? hashedToken : tokenHash(address, otp);
      const withToken = await storeEmailToken(tx, user, column, address, stored);
      return { user: withToken, linkToken: stored, identities: await identitiesOf(tx, user.id) };
    });
    const verifyType = type.startsWith('email_change') ? 'email_change' : type;
    return c.json({
      ...userJson(result.user, result.identities),
      action_link: actionLink(ctx.externalUrl, result.linkToken, verifyType, redirectTo),
      email_otp: otp,
      hashed_token: hashedToken,
      verification_type: type,
      redirect_to: redirectTo,
    });
  });
}

async function newUserPassword(
  ctx: AuthContext,
  requested: LinkType,
  password: string | undefined,
): Promise<string> {
  if (requested === 'magiclink') return hashPassword(secureAlphanumeric(64));
  if (!password) throw badRequest('validation_failed', 'Signup requires a valid password');
  assertStrongPassword(password, ctx.settings);
  return hashPassword(password);
}

/** The user the link is for: created for signup and invite when new, prepared for an email change. */
async function prepareUser(
  db: Db,
  existing: UserRow | undefined,
  type: LinkType,
  email: string,
  body: GenerateLinkBody,
  passwordHash: string | undefined,
): Promise<UserRow> {
  if (type === 'signup' || type === 'invite') {
    if (existing && isConfirmed(existing)) throw unprocessable('email_exists', EMAIL_TAKEN);
    if (existing) {
      return body.data
        ? updateUser(db, existing.id, {
            raw_user_meta_data: mergeMetadata(existing.raw_user_meta_data, body.data),
          })
        : existing;
    }
    const created = await insertUser(db, {
      email,
      encryptedPassword: passwordHash ?? null,
      confirmed: false,
      appMetadata: EMAIL_APP_METADATA,
      userMetadata: body.data ?? {},
    });
    return type === 'invite' ? updateUser(db, created.id, { invited_at: new Date() }) : created;
  }
  if (type === 'email_change_current' || type === 'email_change_new') {
    const newEmail = validateEmail(body.new_email);
    const owner = await findUserByEmail(db, newEmail);
    if (owner) throw unprocessable('email_exists', EMAIL_TAKEN);
    return updateUser(db, existing!.id, { email_change: newEmail, email_change_confirm_status: 0 });
  }
  return existing!;
}

function linkTarget(
  type: LinkType,
  user: UserRow,
  body: GenerateLinkBody,
  email: string,
): { column: TokenColumn; address: string } {
  switch (type) {
    case 'magiclink':
    case 'recovery':
      return { column: 'recovery_token', address: email };
    case 'signup':
    case 'invite':
      return { column: 'confirmation_token', address: email };
    case 'email_change_current':
      return { column: 'email_change_token_current', address: email };
    case 'email_change_new':
      return { column: 'email_change_token_new', address: user.email_change ?? body.new_email! };
  }
}
