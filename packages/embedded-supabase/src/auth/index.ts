import { Hono } from 'hono';
import type { AuthContext } from './context';
import { API_VERSION, errorResponse, notFound } from './errors';
import { adminUserRoutes } from './routes/admin-users';
import { disabledFeatureRoutes } from './routes/disabled-features';
import { factorRoutes } from './routes/factors';
import { generateLinkRoutes } from './routes/generate-link';
import { identityRoutes } from './routes/identities';
import { inviteRoutes } from './routes/invite';
import { logoutRoutes } from './routes/logout';
import { metaRoutes } from './routes/meta';
import { otpRoutes } from './routes/otp';
import { reauthenticateRoutes } from './routes/reauthenticate';
import { recoverRoutes } from './routes/recover';
import { resendRoutes } from './routes/resend';
import { signupRoutes } from './routes/signup';
import { tokenRoutes } from './routes/token';
import { userRoutes } from './routes/user';
import { verifyRoutes } from './routes/verify';

export type { AuthContext } from './context';
export { createMailer } from './mailer';
export { createAuthLimits } from './rate-limit';

/**
 * GoTrue's HTTP API at its internal root (the gateway strips /auth/v1, as Kong does), for the
 * routes and wire format of docs/supabase-compatibility.md §1.
 */
export function createAuthApp(ctx: AuthContext): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header('X-Supabase-Api-Version', API_VERSION);
  });
  app
    .route('/', metaRoutes(ctx))
    .route('/', signupRoutes(ctx))
    .route('/', tokenRoutes(ctx))
    .route('/', otpRoutes(ctx))
    .route('/', verifyRoutes(ctx))
    .route('/', recoverRoutes(ctx))
    .route('/', resendRoutes(ctx))
    .route('/', userRoutes(ctx))
    .route('/', reauthenticateRoutes(ctx))
    .route('/', identityRoutes(ctx))
    .route('/', logoutRoutes(ctx))
    .route('/', factorRoutes(ctx))
    .route('/', inviteRoutes(ctx))
    .route('/', generateLinkRoutes(ctx))
    .route('/', adminUserRoutes(ctx))
    .route('/', disabledFeatureRoutes(ctx));
  app.notFound((c) => errorResponse(c, notFound('not_found', 'Not Found'), ctx.log));
  app.onError((error, c) => errorResponse(c, error, ctx.log));
  return app;
}
