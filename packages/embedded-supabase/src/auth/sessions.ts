import { secureAlphanumeric } from '../secure';
import type { AuthContext } from './context';
import type { Db } from './db';
import { factorsOf } from './mfa/factors';
import { userJson } from './user-json';
import { identitiesOf, type UserRow, updateUser } from './users';

/** How a session was started (GoTrue's models.AuthenticationMethod), recorded as its `amr`. */
export type AuthMethod =
  | 'password'
  | 'otp'
  | 'magiclink'
  | 'recovery'
  | 'invite'
  | 'email/signup'
  | 'email_change'
  | 'anonymous'
  | 'totp';

/** Second factors: a session with one of these in its amr is aal2 (models.AMRClaim.IsAAL2Claim). */
const AAL2_METHODS = new Set(['totp', 'phone', 'webauthn']);

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  not_after: Date | null;
  aal: 'aal1' | 'aal2' | 'aal3' | null;
}

export interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  created_at: Date;
  updated_at: Date;
  parent: string | null;
  session_id: string;
}

export interface SessionResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
  weak_password?: unknown;
}

/** A new session with its first refresh token, as every successful sign-in creates. */
export async function startSession(
  db: Db,
  ctx: AuthContext,
  user: UserRow,
  method: AuthMethod,
): Promise<SessionResponse> {
  const now = new Date();
  const [session] = await db<SessionRow[]>`
    insert into auth.sessions (id, user_id, created_at, updated_at, aal, refreshed_at)
    values (gen_random_uuid(), ${user.id}, ${now}, ${now}, 'aal1', ${now})
    returning *`;
  await db`
    insert into auth.mfa_amr_claims (id, session_id, authentication_method, created_at, updated_at)
    values (gen_random_uuid(), ${session!.id}, ${method}, ${now}, ${now})`;
  const refreshToken = await createRefreshToken(db, user.id, session!.id, null);
  const signedIn = await updateUser(db, user.id, { last_sign_in_at: now });
  return sessionResponse(db, ctx, signedIn, session!.id, refreshToken.token);
}

/** GoTrue's 12-character refresh token, child of `parent` when it replaces one. */
export async function createRefreshToken(
  db: Db,
  userId: string,
  sessionId: string,
  parent: string | null,
): Promise<RefreshTokenRow> {
  const now = new Date();
  const [token] = await db<RefreshTokenRow[]>`
    insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
    values ('00000000-0000-0000-0000-000000000000', ${secureAlphanumeric(12)}, ${userId}, false,
            ${now}, ${now}, ${parent}, ${sessionId})
    returning *`;
  return token!;
}

/** The access-token response (tokens.AccessTokenResponse): a fresh JWT for the session. */
export async function sessionResponse(
  db: Db,
  ctx: AuthContext,
  user: UserRow,
  sessionId: string,
  refreshToken: string,
): Promise<SessionResponse> {
  const amr = await db<{ method: string; timestamp: number }[]>`
    select authentication_method as method, floor(extract(epoch from updated_at))::int as timestamp
    from auth.mfa_amr_claims where session_id = ${sessionId} order by updated_at desc`;
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + ctx.settings.jwtExpiry;
  // Claims in GoTrue's order (tokens.AccessTokenClaims); aud is a plain string on purpose.
  const accessToken = await ctx.jwt.sign({
    iss: ctx.issuer,
    sub: user.id,
    aud: user.aud,
    exp: expiresAt,
    iat: issuedAt,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role,
    aal: amr.some(({ method }) => AAL2_METHODS.has(method)) ? 'aal2' : 'aal1',
    amr: amr.map(({ method, timestamp }) => ({ method, timestamp })),
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  });
  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: ctx.settings.jwtExpiry,
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userJson(user, await identitiesOf(db, user.id), await factorsOf(db, user.id)),
  };
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const [session] = await db<SessionRow[]>`select * from auth.sessions where id = ${id}`;
  return session;
}

export type LogoutScope = 'global' | 'local' | 'others';

/** Ends sessions; their refresh tokens and amr claims go with them (on delete cascade). */
export async function endSessions(
  db: Db,
  userId: string,
  scope: LogoutScope,
  currentSessionId?: string,
): Promise<void> {
  if (scope === 'local') {
    await db`delete from auth.sessions where id = ${currentSessionId ?? null}`;
  } else if (scope === 'others') {
    await db`delete from auth.sessions where user_id = ${userId} and id is distinct from ${currentSessionId ?? null}`;
  } else {
    await db`delete from auth.sessions where user_id = ${userId}`;
  }
}
