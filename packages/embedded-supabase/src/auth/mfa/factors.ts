import type { Db } from '../db';

/** auth.mfa_factors as GoTrue reads it (models.Factor). */
export interface FactorRow {
  id: string;
  user_id: string;
  friendly_name: string | null;
  factor_type: 'totp' | 'phone' | 'webauthn';
  status: 'unverified' | 'verified';
  created_at: Date;
  updated_at: Date;
  secret: string | null;
  phone: string | null;
  last_challenged_at: Date | null;
}

export interface ChallengeRow {
  id: string;
  factor_id: string;
  created_at: Date;
  verified_at: Date | null;
  /** GoTrue keeps phone codes here; for TOTP the stand-in keeps the time step a code used. */
  otp_code: string | null;
}

/** GoTrue's factor JSON (models.Factor json tags): the secret never leaves. */
export function factorJson(factor: FactorRow): Record<string, unknown> {
  return {
    id: factor.id,
    created_at: factor.created_at,
    updated_at: factor.updated_at,
    status: factor.status,
    ...(factor.friendly_name ? { friendly_name: factor.friendly_name } : {}),
    factor_type: factor.factor_type,
    phone: factor.phone,
    last_challenged_at: factor.last_challenged_at,
  };
}

export async function factorsOf(db: Db, userId: string): Promise<FactorRow[]> {
  return db<FactorRow[]>`
    select * from auth.mfa_factors where user_id = ${userId} order by created_at`;
}

export async function findOwnedFactor(
  db: Db,
  userId: string,
  factorId: string,
): Promise<FactorRow | undefined> {
  const [factor] = await db<FactorRow[]>`
    select * from auth.mfa_factors where id = ${factorId} and user_id = ${userId}`;
  return factor;
}

/** GoTrue's DeleteExpiredFactors: unverified factors never challenged, older than the expiry. */
export async function deleteExpiredFactors(db: Db, expirySeconds: number): Promise<void> {
  await db`
    delete from auth.mfa_factors f
    where f.status <> 'verified'
      and not exists (select 1 from auth.mfa_challenges c where c.factor_id = f.id)
      and f.created_at + make_interval(secs => ${expirySeconds}) < now()`;
}

/** The newest time step a verified challenge of this factor used (null before the first). */
export async function lastUsedTimeStep(db: Db, factorId: string): Promise<number | null> {
  const [row] = await db<{ step: string | null }[]>`
    select max(otp_code::bigint)::text as step from auth.mfa_challenges
    where factor_id = ${factorId} and verified_at is not null and otp_code ~ '^[0-9]+$'`;
  return row?.step == null ? null : Number(row.step);
}
