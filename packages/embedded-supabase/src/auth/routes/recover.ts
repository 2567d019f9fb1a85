import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext } from '../context';
import { validateEmail } from '../email-address';
import { sendEmailLink } from '../emails';
import { createFlowState, pkceChallenge } from '../pkce';
import { rateLimited } from '../rate-limit';
import { requestedRedirect } from '../redirect';
import { optionalString, pkceFields, readBody } from '../request';
import { findUserByEmail } from '../users';

const recoverBody = z.object({ email: optionalString, ...pkceFields });

/** POST /recover: emails a password-recovery link; an unknown address looks the same (200 {}). */
export function recoverRoutes(ctx: AuthContext): Hono {
  return new Hono().post('/recover', rateLimited(ctx.settings, ctx.limits.recover), async (c) => {
    const body = await readBody(c, recoverBody);
    const email = validateEmail(body.email);
    const pkce = pkceChallenge(body);
    const redirectTo = requestedRedirect(c, ctx.settings);
    await ctx.sql.begin(async (tx) => {
      const user = await findUserByEmail(tx, email);
      if (!user) return;
      if (pkce) await createFlowState(tx, user.id, pkce, 'recovery');
      await sendEmailLink(tx, ctx, user, 'recovery', { redirectTo, pkce: Boolean(pkce) });
    });
    return c.json({});
  });
}
