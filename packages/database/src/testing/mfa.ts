import type postgres from 'postgres';
import type { JwtClaims } from '../claims';
import type { TestUser } from './users';

/** A TOTP factor as GoTrue stores it, inserted without an auth server (for policy tests). */
export async function addTotpFactor(
  sql: postgres.Sql,
  userId: string,
  status: 'verified' | 'unverified' = 'verified',
): Promise<void> {
  await sql`
    insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
    values (gen_random_uuid(), ${userId}, ${`app-${status}`}, 'totp', ${status}, now(), now(), 'JBSWY3DPEHPK3PXP')`;
}

/** The user as Supabase Auth would sign them after a verified code: aal2 with a totp amr entry. */
export function atAal2(user: TestUser): TestUser {
  const claims: JwtClaims = {
    ...user.claims,
    aal: 'aal2',
    amr: [{ method: 'totp', timestamp: Math.floor(Date.now() / 1000) }],
  };
  return { ...user, claims };
}
