import { Hono } from 'hono';
import type { AuthContext } from '../context';
import { badRequest } from '../errors';
import { requireUser, type UserEnv } from '../guards';
import { endSessions, type LogoutScope } from '../sessions';

const SCOPES = new Set<LogoutScope>(['global', 'local', 'others']);

/** POST /logout?scope=global|local|others: ends sessions, answers 204. */
export function logoutRoutes(ctx: AuthContext) {
  return new Hono<UserEnv>().post('/logout', requireUser(ctx), async (c) => {
    const scope = (c.req.query('scope') || 'global') as LogoutScope;
    if (!SCOPES.has(scope)) {
      throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`);
    }
    const session = c.get('session');
    // A token without a session can only mean "all of them".
    await endSessions(ctx.sql, c.get('user').id, session ? scope : 'global', session?.id);
    return c.body(null, 204);
  });
}
