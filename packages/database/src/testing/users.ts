import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { JwtClaims } from '../claims';

export interface TestUser {
  id: string;
  email: string;
  /** The claims Supabase Auth would put in this user's access token. */
  claims: JwtClaims;
}

/**
 * Inserts a user the way Supabase Auth does (the profile trigger fires) without going through an
 * auth server: for database-level tests. End-to-end tests sign up through Auth instead.
 */
export async function createTestUser(sql: postgres.Sql, name = 'user'): Promise<TestUser> {
  const id = randomUUID();
  const email = `${name}-${id.slice(0, 8)}@example.test`;
  await sql`
    insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at,
                            raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated',
            ${email}, now(), ${sql.json({ provider: 'email', providers: ['email'] })},
            ${sql.json({ display_name: name })}, now(), now())`;
  return { id, email, claims: claimsFor(id, email) };
}

export function claimsFor(id: string, email: string): JwtClaims {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'http://127.0.0.1:54321/auth/v1',
    sub: id,
    aud: 'authenticated',
    exp: now + 3600,
    iat: now,
    email,
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: {},
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: now }],
    session_id: randomUUID(),
    is_anonymous: false,
  };
}

/** What an anon-key request carries (no user). */
export const anonClaims: JwtClaims = { iss: 'supabase-demo', role: 'anon' };
