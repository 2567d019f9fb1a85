import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { tokenHash } from '../../secure';
import type { AuthContext } from '../context';
import { validateEmail } from '../email-address';
import { PKCE_PREFIX } from '../email-tokens';
import { AuthError, badRequest, unprocessable } from '../errors';
import { issueAuthCode } from '../pkce';
import { rateLimited } from '../rate-limit';
import { requestedRedirect } from '../redirect';
import { optionalString, readBody } from '../request';
import { startSession } from '../sessions';
import { goEncodeValues, withQuery } from '../url';
import {
  applyVerification,
  EMAIL_OTP_TYPES,
  type EmailOtpType,
  LINK_AUTH_METHOD,
  verifyEmailCode,
  verifyTokenHash,
} from '../verification';

const SECOND_LINK_NEEDED =
  'Confirmation link accepted. Please proceed to confirm link sent to the other email';

/** The OAuth error name GoTrue puts in error redirects, by HTTP status (oauthErrorMap). */
const OAUTH_ERROR: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized_client',
  403: 'access_denied',
  500: 'server_error',
  503: 'temporarily_unavailable',
};

const verifyBody = z.object({
  type: optionalString,
  token: optionalString,
  token_hash: optionalString,
  email: optionalString,
  phone: optionalString,
  redirect_to: optionalString,
});

/** POST /verify (a code or token_hash → session) and GET /verify (an email link → 303). */
export function verifyRoutes(ctx: AuthContext): Hono {
  const app = new Hono().use('/verify', rateLimited(ctx.settings, ctx.limits.verify));

  app.post('/verify', async (c) => {
    const body = await readBody(c, verifyBody);
    const type = emailOtpType(body.type);
    if (Boolean(body.token) === Boolean(body.token_hash)) {
      throw badRequest('validation_failed', 'Verify requires either a token or a token hash');
    }
    if (body.token_hash && (body.email || body.phone || body.redirect_to)) {
      throw badRequest('validation_failed', 'Only the token_hash and type should be provided');
    }
    if (body.token && !body.email) {
      throw badRequest(
        body.phone ? 'phone_provider_disabled' : 'validation_failed',
        body.phone
          ? 'Phone logins are disabled'
          : 'Only an email address or phone number should be provided on verify',
      );
    }
    const email = body.token ? emailOf(body.email) : undefined;
    const result = await ctx.sql.begin(async (tx) => {
      const verified = email
        ? await verifyEmailCode(tx, ctx, type, email, tokenHash(email, body.token!))
        : await verifyTokenHash(tx, ctx, type, body.token_hash!);
      const user = await applyVerification(tx, ctx, verified);
      return user ? startSession(tx, ctx, user, 'otp') : undefined;
    });
    return c.json(result ?? { msg: SECOND_LINK_NEEDED, code: '200' });
  });

  app.get('/verify', async (c) => {
    const type = emailOtpType(c.req.query('type'));
    const token = c.req.query('token');
    if (!token) throw badRequest('validation_failed', 'Verify requires a token or a token hash');
    const redirectTo = requestedRedirect(c, ctx.settings);
    const pkce = token.startsWith(PKCE_PREFIX);
    try {
      const location = await ctx.sql.begin(async (tx) => {
        const verified = await verifyTokenHash(tx, ctx, type, token);
        const user = await applyVerification(tx, ctx, verified);
        if (!user) return messageRedirect(redirectTo, SECOND_LINK_NEEDED, pkce);
        if (pkce) {
          return withQuery(redirectTo, {
            code: await issueAuthCode(tx, user.id, LINK_AUTH_METHOD[verified.type]),
          });
        }
        const session = await startSession(tx, ctx, user, 'otp');
        return `${redirectTo}#${goEncodeValues({
          access_token: session.access_token,
          expires_at: String(session.expires_at),
          expires_in: String(session.expires_in),
          refresh_token: session.refresh_token,
          sb: '',
          token_type: session.token_type,
          type: verified.type,
        })}`;
      });
      return c.redirect(location, 303);
    } catch (error) {
      if (error instanceof AuthError) return redirectWithError(c, redirectTo, pkce, error);
      throw error;
    }
  });

  return app;
}

function emailOtpType(type: string | undefined): EmailOtpType {
  if (!type) throw badRequest('validation_failed', 'Verify requires a verification type');
  if (type === 'sms' || type === 'phone_change') {
    throw badRequest('phone_provider_disabled', 'Phone logins are disabled');
  }
  if (!(EMAIL_OTP_TYPES as readonly string[]).includes(type)) {
    throw badRequest('validation_failed', 'Unsupported verification type');
  }
  return type as EmailOtpType;
}

function emailOf(email: string | undefined): string {
  try {
    return validateEmail(email);
  } catch {
    throw unprocessable('validation_failed', 'Invalid email format');
  }
}

/** GoTrue's prepErrorRedirectURL: error in the fragment, and in the query for PKCE. */
function redirectWithError(c: Context, redirectTo: string, pkce: boolean, error: AuthError) {
  const params: Record<string, string> = {
    ...(OAUTH_ERROR[error.status] ? { error: OAUTH_ERROR[error.status]! } : {}),
    error_code: error.code,
    error_description: error.message,
  };
  const base = pkce ? withQuery(redirectTo, params) : redirectTo;
  return c.redirect(`${base.split('#')[0]}#${goEncodeValues({ ...params, sb: '' })}`, 303);
}

/** GoTrue's prepRedirectURL, used when an email change waits for its other link. */
function messageRedirect(redirectTo: string, message: string, pkce: boolean): string {
  const base = pkce ? withQuery(redirectTo, { message }) : redirectTo;
  return `${base.split('#')[0]}#${goEncodeValues({ message, sb: '' })}`;
}
