import { Hono } from 'hono';
import { z } from 'zod';
import { secureAlphanumeric } from '../../secure';
import type { AuthContext } from '../context';
import { validateEmail } from '../email-address';
import { sendEmailLink } from '../emails';
import { badRequest, unprocessable } from '../errors';
import { hashPassword } from '../password';
import { createFlowState, pkceChallenge } from '../pkce';
import { rateLimited } from '../rate-limit';
import { requestedRedirect } from '../redirect';
import { metadata, optionalString, pkceFields, readBody } from '../request';
import { signUp } from '../signup';
import { findUserByEmail, findUserById, isConfirmed } from '../users';

const otpBody = z.object({
  email: optionalString,
  phone: optionalString,
  data: metadata.nullish(),
  create_user: z.boolean().nullish(),
  ...pkceFields,
});

/**
 * POST /otp (and the legacy /magiclink): emails a magic link with a one-time code. An unknown or
 * unconfirmed address is signed up first with a random password, as GoTrue does.
 */
export function otpRoutes(ctx: AuthContext): Hono {
  const app = new Hono();
  // Separate buckets per route, as in GoTrue.
  for (const [path, limiter] of [
    ['/otp', ctx.limits.otp],
    ['/magiclink', ctx.limits.magicLink],
  ] as const) {
    app.post(path, rateLimited(ctx.settings, limiter), async (c) => {
      const body = await readBody(c, otpBody);
      if (body.email && body.phone) {
        throw badRequest(
          'validation_failed',
          'Only an email address or phone number should be provided',
        );
      }
      if (body.phone) throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
      if (!ctx.settings.enableEmailSignup) {
        throw badRequest('email_provider_disabled', 'Email logins are disabled');
      }
      const email = validateEmail(body.email);
      const pkce = pkceChallenge(body);
      const redirectTo = requestedRedirect(c, ctx.settings);

      let user = await findUserByEmail(ctx.sql, email);
      if (!user && body.create_user === false) {
        throw unprocessable('otp_disabled', 'Signups not allowed for otp');
      }
      if (!user || !isConfirmed(user)) {
        if (!ctx.settings.enableSignup) {
          throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
        }
        await signUp(ctx, {
          email,
          passwordHash: await hashPassword(secureAlphanumeric(64)),
          data: body.data ?? {},
          pkce,
          redirectTo,
        });
        // With confirmations on, the sign-up sent the confirmation email instead of a link.
        if (ctx.settings.enableConfirmations) return c.json({});
        user = await findUserByEmail(ctx.sql, email);
      }
      const userId = user!.id;
      await ctx.sql.begin(async (tx) => {
        const current = (await findUserById(tx, userId))!;
        if (pkce) await createFlowState(tx, userId, pkce, 'magiclink');
        await sendEmailLink(tx, ctx, current, 'magic_link', { redirectTo, pkce: Boolean(pkce) });
      });
      return c.json({});
    });
  }
  return app;
}
