import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext } from '../context';
import { validateEmail } from '../email-address';
import { sendEmailLink } from '../emails';
import { EMAIL_TAKEN, unprocessable } from '../errors';
import { type AdminEnv, requireAdmin } from '../guards';
import { requestedRedirect } from '../redirect';
import { metadata, optionalString, readBody } from '../request';
import { EMAIL_APP_METADATA } from '../signup';
import { userJson } from '../user-json';
import { findUserByEmail, identitiesOf, insertUser, isConfirmed } from '../users';

const inviteBody = z.object({ email: optionalString, data: metadata.nullish() });

/** POST /invite (admin): creates the user without a password and emails the invitation. */
export function inviteRoutes(ctx: AuthContext) {
  return new Hono<AdminEnv>().post('/invite', requireAdmin(ctx), async (c) => {
    const body = await readBody(c, inviteBody);
    const email = validateEmail(body.email);
    const redirectTo = requestedRedirect(c, ctx.settings);
    const invited = await ctx.sql.begin(async (tx) => {
      let user = await findUserByEmail(tx, email);
      if (user && isConfirmed(user)) {
        throw unprocessable('email_exists', EMAIL_TAKEN);
      }
      user ??= await insertUser(tx, {
        email,
        encryptedPassword: null,
        confirmed: false,
        appMetadata: EMAIL_APP_METADATA,
        userMetadata: body.data ?? {},
      });
      const sent = await sendEmailLink(tx, ctx, user, 'invite', { redirectTo, pkce: false });
      return userJson(sent, await identitiesOf(tx, sent.id));
    });
    return c.json(invited);
  });
}
