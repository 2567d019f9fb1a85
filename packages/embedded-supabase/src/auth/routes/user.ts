import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext } from '../context';
import { validateEmail } from '../email-address';
import { sendEmailChange } from '../emails';
import { AuthError, badRequest, EMAIL_TAKEN, forbidden, unprocessable } from '../errors';
import { isAdminClaims, requireUser, type UserEnv } from '../guards';
import { factorsOf } from '../mfa/factors';
import { assertStrongPassword, hashPassword, verifyPassword } from '../password';
import { createFlowState, pkceChallenge } from '../pkce';
import { rateLimited } from '../rate-limit';
import { checkPasswordChangeAllowed, spendNonce } from '../reauthentication';
import { requestedRedirect } from '../redirect';
import { metadata, optionalString, pkceFields, readBody } from '../request';
import { endSessions } from '../sessions';
import { userJson } from '../user-json';
import { findUserByEmail, identitiesOf, mergeMetadata, updateUser } from '../users';
import { applyVerification } from '../verification';

const updateBody = z.object({
  email: optionalString,
  password: z.string().nullish(),
  phone: optionalString,
  data: metadata.nullish(),
  app_metadata: metadata.nullish(),
  nonce: optionalString,
  ...pkceFields,
});

/** GET /user and PUT /user: the signed-in user, and changes to it. */
export function userRoutes(ctx: AuthContext) {
  const app = new Hono<UserEnv>().use('/user', requireUser(ctx));

  app.get('/user', async (c) => {
    const user = c.get('user');
    return c.json(
      userJson(user, await identitiesOf(ctx.sql, user.id), await factorsOf(ctx.sql, user.id)),
    );
  });

  app.put('/user', rateLimited(ctx.settings, ctx.limits.user), async (c) => {
    const body = await readBody(c, updateBody);
    const user = c.get('user');
    const session = c.get('session');
    if (body.app_metadata && !isAdminClaims(c.get('claims'))) {
      throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');
    }
    if (body.phone) throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
    const newEmail = body.email ? validateEmail(body.email) : undefined;
    const emailChanges = newEmail !== undefined && newEmail !== user.email;
    if ((body.password || emailChanges) && session?.aal !== 'aal2') {
      const factors = await factorsOf(ctx.sql, user.id);
      if (factors.some((factor) => factor.status === 'verified')) {
        throw new AuthError(
          401,
          'insufficient_aal',
          'AAL2 session is required to update email or password when MFA is enabled.',
        );
      }
    }
    if (emailChanges && (await findUserByEmail(ctx.sql, newEmail))) {
      throw unprocessable('email_exists', EMAIL_TAKEN);
    }
    let passwordHash: string | undefined;
    let nonceUsed = false;
    if (body.password != null) {
      nonceUsed = checkPasswordChangeAllowed(ctx, user, session, body.nonce);
      assertStrongPassword(body.password, ctx.settings);
      if (await verifyPassword(body.password, user.encrypted_password)) {
        throw unprocessable(
          'same_password',
          'New password should be different from the old password.',
        );
      }
      passwordHash = await hashPassword(body.password);
    }
    const pkce = pkceChallenge(body);
    const redirectTo = requestedRedirect(c, ctx.settings);

    const updated = await ctx.sql.begin(async (tx) => {
      let current = user;
      if (passwordHash) {
        if (nonceUsed) current = await spendNonce(tx, current);
        current = await updateUser(tx, user.id, { encrypted_password: passwordHash });
        // A new password signs out every other session (GoTrue UpdatePassword).
        await endSessions(tx, user.id, 'others', session?.id);
      }
      if (body.data) {
        current = await updateUser(tx, user.id, {
          raw_user_meta_data: mergeMetadata(current.raw_user_meta_data, body.data),
        });
      }
      if (body.app_metadata) {
        current = await updateUser(tx, user.id, {
          raw_app_meta_data: mergeMetadata(current.raw_app_meta_data, body.app_metadata),
        });
      }
      if (emailChanges && current.is_anonymous && !ctx.settings.enableConfirmations) {
        // An anonymous user adding an email is like signing up: no confirmation with autoconfirm.
        const pending = await updateUser(tx, user.id, { email_change: newEmail });
        current = (await applyVerification(tx, ctx, {
          user: pending,
          column: 'email_change_token_new',
          type: 'email_change',
        }))!;
      } else if (emailChanges) {
        if (pkce) await createFlowState(tx, user.id, pkce, 'email_change');
        current = await sendEmailChange(tx, ctx, current, newEmail, {
          redirectTo,
          pkce: Boolean(pkce),
        });
      }
      return userJson(current, await identitiesOf(tx, user.id), await factorsOf(tx, user.id));
    });
    return c.json(updated);
  });

  return app;
}
