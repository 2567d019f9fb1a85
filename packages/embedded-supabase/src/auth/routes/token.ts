import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext } from '../context';
import { badRequest, notFound, unprocessable } from '../errors';
import { passwordWeakness, verifyPassword } from '../password';
import { exchangeAuthCode } from '../pkce';
import { checkRateLimit } from '../rate-limit';
import { refreshTokenGrant } from '../refresh';
import { optionalString, readBody } from '../request';
import { startSession } from '../sessions';
import { findUserByEmail, findUserById, isBanned, isConfirmed } from '../users';
import { idTokenGrantRefusal, WEB3_DISABLED } from './disabled-features';

const passwordBody = z.object({
  email: optionalString,
  phone: optionalString,
  password: optionalString,
});
const refreshBody = z.object({ refresh_token: optionalString });
const pkceBody = z.object({ auth_code: optionalString, code_verifier: optionalString });
const idTokenBody = z.object({ provider: optionalString });

/** POST /token: the grant named by the grant_type query parameter. */
export function tokenRoutes(ctx: AuthContext): Hono {
  return new Hono().post('/token', async (c) => {
    const grant = c.req.query('grant_type');
    if (!['password', 'refresh_token', 'pkce', 'id_token', 'web3'].includes(grant ?? '')) {
      throw badRequest('invalid_credentials', 'unsupported_grant_type');
    }
    // Every grant counts against token_refresh, sign-ins included (GoTrue's Token handler).
    checkRateLimit(c, ctx.settings, ctx.limits.token);
    switch (grant) {
      case 'password':
        return c.json(await passwordGrant(ctx, await readBody(c, passwordBody)));
      case 'refresh_token': {
        const body = await readBody(c, refreshBody);
        return c.json(await refreshTokenGrant(ctx, body.refresh_token));
      }
      case 'pkce':
        return c.json(await pkceGrant(ctx, await readBody(c, pkceBody)));
      case 'id_token':
        throw idTokenGrantRefusal((await readBody(c, idTokenBody)).provider);
      case 'web3':
        throw WEB3_DISABLED;
      default:
        throw badRequest('invalid_credentials', 'unsupported_grant_type');
    }
  });
}

async function passwordGrant(ctx: AuthContext, body: z.infer<typeof passwordBody>) {
  const invalid = badRequest('invalid_credentials', 'Invalid login credentials');
  if (!body.email && !body.phone) throw badRequest('validation_failed', 'missing email or phone');
  if (!body.email) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
  const user = body.email ? await findUserByEmail(ctx.sql, body.email) : undefined;
  if (!user || !body.password || !(await verifyPassword(body.password, user.encrypted_password))) {
    throw invalid;
  }
  if (isBanned(user)) throw badRequest('user_banned', 'User is banned');
  if (!isConfirmed(user)) throw badRequest('email_not_confirmed', 'Email not confirmed');
  const session = await ctx.sql.begin((tx) => startSession(tx, ctx, user, 'password'));
  // A password that predates stricter rules still works; the client is told it is weak.
  const weakness = passwordWeakness(body.password, ctx.settings);
  return weakness ? { ...session, weak_password: weakness } : session;
}

async function pkceGrant(ctx: AuthContext, body: z.infer<typeof pkceBody>) {
  if (!body.auth_code || !body.code_verifier) {
    throw badRequest(
      'validation_failed',
      'invalid request: both auth code and code verifier should be non-empty',
    );
  }
  const { auth_code: authCode, code_verifier: verifier } = body;
  return ctx.sql.begin(async (tx) => {
    const flow = await exchangeAuthCode(tx, authCode, verifier);
    const user = await findUserById(tx, flow.userId);
    if (!user) throw notFound('user_not_found', 'User not found');
    if (isBanned(user)) throw badRequest('user_banned', 'User is banned');
    return startSession(tx, ctx, user, flow.authMethod);
  });
}
