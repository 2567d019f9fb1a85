import { createMiddleware } from 'hono/factory';
import type { TokenVerifier, VerifiedUser } from '../auth/token-verifier';
import { ApiError } from '../http/errors';

export type AuthVariables = { user: VerifiedUser };

/** Requires `Authorization: Bearer <Supabase access token>` and puts the verified user in context. */
export const requireUser = (verify: TokenVerifier) =>
  createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) {
      throw new ApiError(
        401,
        'missing_token',
        'Sign in first: send the Supabase access token as "Authorization: Bearer <token>".',
      );
    }
    c.set('user', await verify(match[1]!));
    await next();
  });
