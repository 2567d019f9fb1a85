import { Hono } from 'hono';
import type { AuthContext } from '../context';
import { badRequest, unprocessable } from '../errors';
import { requireUser, type UserEnv } from '../guards';
import { sendReauthentication } from '../reauthentication';
import { isConfirmed } from '../users';

/** GET /reauthenticate: emails the signed-in user a nonce for updateUser({ password, nonce }). */
export function reauthenticateRoutes(ctx: AuthContext) {
  return new Hono<UserEnv>()
    .use('/reauthenticate', requireUser(ctx))
    .get('/reauthenticate', async (c) => {
      const user = c.get('user');
      if (!user.email && !user.phone) {
        throw badRequest(
          'validation_failed',
          'Reauthentication requires the user to have an email or a phone number',
        );
      }
      if (!user.email) throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
      if (!isConfirmed(user)) {
        throw unprocessable('email_not_confirmed', 'Please verify your email first.');
      }
      await ctx.sql.begin((tx) => sendReauthentication(tx, ctx, user));
      return c.json({});
    });
}
