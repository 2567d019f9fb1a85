import type { AuthContext } from '../context';
import type { Db } from '../db';
import { createRefreshToken, type SessionResponse, sessionResponse } from '../sessions';
import type { UserRow } from '../users';
import type { FactorRow } from './factors';

/**
 * GoTrue's updateMFASessionAndClaims after a verified code: the session gains the `totp` amr
 * claim (so it is aal2, now and after every refresh), a new refresh token replaces the aal1 one,
 * the user's other aal1 sessions end, and the user's other unverified TOTP factors go.
 */
export async function upgradeSession(
  tx: Db,
  ctx: AuthContext,
  user: UserRow,
  sessionId: string,
  factor: FactorRow,
): Promise<SessionResponse> {
  await tx`
    insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
    values (gen_random_uuid(), ${sessionId}, now(), now(), 'totp')
    on conflict on constraint mfa_amr_claims_session_id_authentication_method_pkey
    do update set updated_at = now()`;
  await tx`
    update auth.sessions set aal = 'aal2', factor_id = ${factor.id}, updated_at = now()
    where id = ${sessionId}`;
  const [current] = await tx<{ token: string }[]>`
    update auth.refresh_tokens set revoked = true, updated_at = now()
    where session_id = ${sessionId} and not revoked returning token`;
  const refreshToken = await createRefreshToken(tx, user.id, sessionId, current?.token ?? null);
  await tx`delete from auth.sessions where user_id = ${user.id} and aal < 'aal2'`;
  await tx`
    delete from auth.mfa_factors
    where user_id = ${user.id} and status = 'unverified' and factor_type = ${factor.factor_type}`;
  return sessionResponse(tx, ctx, user, sessionId, refreshToken.token);
}

/** GoTrue's DowngradeSessionsToAAL1: sessions raised by an unenrolled factor fall back to aal1. */
export async function downgradeSessions(tx: Db, factor: FactorRow): Promise<void> {
  await tx`
    delete from auth.mfa_amr_claims a using auth.sessions s
    where a.session_id = s.id and s.factor_id = ${factor.id} and a.authentication_method = ${factor.factor_type}`;
  await tx`
    update auth.sessions set aal = 'aal1', factor_id = null, updated_at = now()
    where factor_id = ${factor.id}`;
}
