import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext } from '../context';
import { validateEmail } from '../email-address';
import { badRequest, unprocessable } from '../errors';
import { assertStrongPassword, hashPassword } from '../password';
import { pkceChallenge } from '../pkce';
import { checkRateLimit } from '../rate-limit';
import { requestedRedirect } from '../redirect';
import { metadata, optionalString, pkceFields, readBody } from '../request';
import { startSession } from '../sessions';
import { signUp } from '../signup';
import { insertUser } from '../users';

const signupBody = z.object({
  email: optionalString,
  phone: optionalString,
  password: optionalString,
  data: metadata.nullish(),
  ...pkceFields,
});

/** POST /signup: email sign-up, or an anonymous user when neither email nor phone is given. */
export function signupRoutes(ctx: AuthContext): Hono {
  return new Hono().post('/signup', async (c) => {
    const body = await readBody(c, signupBody);
    const data = body.data ?? {};
    if (!body.email && !body.phone) {
      if (!ctx.settings.enableAnonymousSignIns) {
        throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
      }
      checkRateLimit(c, ctx.settings, ctx.limits.anonymousSignIns);
      const session = await ctx.sql.begin(async (tx) => {
        const user = await insertUser(tx, {
          email: null,
          encryptedPassword: null,
          confirmed: false,
          appMetadata: {},
          userMetadata: data,
          isAnonymous: true,
        });
        return startSession(tx, ctx, user, 'anonymous');
      });
      return c.json(session);
    }
    checkRateLimit(c, ctx.settings, ctx.limits.signups);
    if (!ctx.settings.enableSignup) {
      throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
    }
    if (body.phone) throw badRequest('phone_provider_disabled', 'Phone signups are disabled');
    if (!ctx.settings.enableEmailSignup) {
      throw badRequest('email_provider_disabled', 'Email signups are disabled');
    }
    if (!body.password) throw badRequest('validation_failed', 'Signup requires a valid password');
    assertStrongPassword(body.password, ctx.settings);
    const email = validateEmail(body.email);
    const pkce = pkceChallenge(body);
    const result = await signUp(ctx, {
      email,
      passwordHash: await hashPassword(body.password),
      data,
      pkce,
      redirectTo: requestedRedirect(c, ctx.settings),
    });
    return c.json(result);
  });
}
