import { createMiddleware } from 'hono/factory';
import { type JWTPayload, errors as joseErrors } from 'jose';
import type { AuthContext } from './context';
import { badRequest, forbidden, unauthorized } from './errors';
import { isUuid } from './request';
import { findSession, type SessionRow } from './sessions';
import { findUserById, type UserRow } from './users';

export interface UserEnv {
  Variables: { user: UserRow; session: SessionRow | undefined; claims: JWTPayload };
}

export interface AdminEnv {
  Variables: { claims: JWTPayload };
}

/** The roles allowed to call /admin (the CLI sets GOTRUE_JWT_ADMIN_ROLES=service_role). */
const ADMIN_ROLES = new Set(['service_role']);

/** GoTrue's requireAuthentication: a valid user JWT whose user and session still exist. */
export function requireUser(ctx: AuthContext) {
  return createMiddleware<UserEnv>(async (c, next) => {
    const claims = await verifiedClaims(ctx, c.req.header('authorization'));
    if (!claims.sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
    if (!isUuid(claims.sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
    const user = await findUserById(ctx.sql, claims.sub);
    if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');
    const sessionId = typeof claims.session_id === 'string' ? claims.session_id : undefined;
    const session =
      sessionId && isUuid(sessionId) ? await findSession(ctx.sql, sessionId) : undefined;
    if (sessionId && !session) {
      throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
    }
    c.set('user', user);
    c.set('session', session);
    c.set('claims', claims);
    await next();
  });
}

/** GoTrue's requireAdmin: a valid JWT with an admin role (the service_role key). */
export function requireAdmin(ctx: AuthContext) {
  return createMiddleware<AdminEnv>(async (c, next) => {
    const claims = await verifiedClaims(ctx, c.req.header('authorization'));
    if (typeof claims.role !== 'string' || !ADMIN_ROLES.has(claims.role)) {
      throw forbidden('not_admin', 'User not allowed');
    }
    c.set('claims', claims);
    await next();
  });
}

export function isAdminClaims(claims: JWTPayload): boolean {
  return typeof claims.role === 'string' && ADMIN_ROLES.has(claims.role);
}

async function verifiedClaims(
  ctx: AuthContext,
  authorization: string | undefined,
): Promise<JWTPayload> {
  const token = /^bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized('no_authorization', 'This endpoint requires a valid Bearer token');
  try {
    return await ctx.jwt.verify(token);
  } catch (error) {
    const reason =
      error instanceof joseErrors.JWTExpired
        ? 'token has invalid claims: token is expired'
        : 'token signature is invalid';
    throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`);
  }
}
