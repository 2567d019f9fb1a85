import type { AuthContext } from './context';
import type { Db } from './db';
import { badRequest, OAuthError } from './errors';
import {
  createRefreshToken,
  type RefreshTokenRow,
  type SessionResponse,
  sessionResponse,
} from './sessions';
import { findUserById, isBanned } from './users';

/** A rejection that must still commit (the family revocation), raised after the transaction. */
class CommittedRejection {
  constructor(readonly error: Error) {}
}

/**
 * The refresh_token grant with rotation and the reuse window (GoTrue tokens.RefreshTokenGrant,
 * docs/supabase-compatibility.md §1.4). Rows are locked so concurrent refreshes of one session queue up.
 */
export async function refreshTokenGrant(
  ctx: AuthContext,
  presented: string | undefined,
): Promise<SessionResponse> {
  if (!presented) throw new OAuthError('invalid_request', 'refresh_token required');
  const result = await ctx.sql.begin(async (tx) => {
    const [token] = await tx<RefreshTokenRow[]>`
      select * from auth.refresh_tokens where token = ${presented} for update`;
    if (!token) {
      throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    }
    const user = await findUserById(tx, token.user_id);
    if (!user) {
      throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    }
    if (isBanned(user)) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');
    const [session] = await tx<{ id: string; not_after: Date | null }[]>`
      select id, not_after from auth.sessions where id = ${token.session_id} for update`;
    if (!session) {
      throw badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found');
    }
    if (session.not_after && session.not_after < new Date()) {
      throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired');
    }

    let issued: string | undefined;
    if (token.revoked) {
      const [active] = await tx<RefreshTokenRow[]>`
        select * from auth.refresh_tokens
        where session_id = ${session.id} and not revoked order by id desc limit 1`;
      if (active?.parent === token.token) {
        // The client lost the answer to its last refresh: hand back the same child again.
        issued = active.token;
      } else if (!(await withinReuseWindow(tx, token.id, ctx.settings.refreshTokenReuseInterval))) {
        if (ctx.settings.enableRefreshTokenRotation) {
          await tx`
            update auth.refresh_tokens set revoked = true, updated_at = now()
            where session_id = ${session.id} and not revoked`;
        }
        return new CommittedRejection(
          badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used'),
        );
      }
    }
    if (!issued) {
      await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${token.id}`;
      issued = (await createRefreshToken(tx, user.id, session.id, token.token)).token;
    }
    await tx`update auth.sessions set refreshed_at = now(), updated_at = now() where id = ${session.id}`;
    return sessionResponse(tx, ctx, user, session.id, issued);
  });
  if (result instanceof CommittedRejection) throw result.error;
  return result;
}

/** Measured in the database, whose clock stamped updated_at. */
async function withinReuseWindow(
  tx: Db,
  tokenId: string,
  intervalSeconds: number,
): Promise<boolean> {
  const [row] = await tx<{ ok: boolean }[]>`
    select now() <= updated_at + make_interval(secs => ${intervalSeconds}) as ok
    from auth.refresh_tokens where id = ${tokenId}`;
  return row?.ok ?? false;
}
