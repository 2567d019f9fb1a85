import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext } from '../context';
import { validateEmail } from '../email-address';
import { sendEmailChange, sendEmailLink } from '../emails';
import { badRequest } from '../errors';
import { createFlowState, pkceChallenge } from '../pkce';
import { rateLimited } from '../rate-limit';
import { requestedRedirect } from '../redirect';
import { optionalString, pkceFields, readBody } from '../request';
import { findUserByEmail, isConfirmed } from '../users';

const resendBody = z.object({
  type: optionalString,
  email: optionalString,
  phone: optionalString,
  ...pkceFields,
});

/** POST /resend: the signup confirmation or the email-change links again; nothing pending is 200 {}. */
export function resendRoutes(ctx: AuthContext): Hono {
  return new Hono().post('/resend', rateLimited(ctx.settings, ctx.limits.resend), async (c) => {
    const body = await readBody(c, resendBody);
    if (body.type === 'sms' || body.type === 'phone_change') {
      throw badRequest('phone_provider_disabled', 'Phone logins are disabled');
    }
    if (body.type !== 'signup' && body.type !== 'email_change') {
      throw badRequest(
        'validation_failed',
        'Missing one of these types: signup, email_change, sms, phone_change',
      );
    }
    if (!body.email)
      throw badRequest('validation_failed', 'Type provided requires an email address');
    const email = validateEmail(body.email);
    const pkce = pkceChallenge(body);
    const options = {
      redirectTo: requestedRedirect(c, ctx.settings),
      pkce: Boolean(pkce),
    };
    await ctx.sql.begin(async (tx) => {
      const user = await findUserByEmail(tx, email);
      if (!user) return;
      if (body.type === 'signup' && !isConfirmed(user)) {
        if (pkce) await createFlowState(tx, user.id, pkce, 'email/signup');
        await sendEmailLink(tx, ctx, user, 'confirmation', options);
      }
      if (body.type === 'email_change' && user.email_change) {
        if (pkce) await createFlowState(tx, user.id, pkce, 'email_change');
        await sendEmailChange(tx, ctx, user, user.email_change, options);
      }
    });
    return c.json({});
  });
}
