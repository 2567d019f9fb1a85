import { readFileSync } from 'node:fs';
import type postgres from 'postgres';

const bootstrapSql = readFileSync(
  new URL('../../sql/supabase-bootstrap.sql', import.meta.url),
  'utf8',
);

/**
 * Gives a plain PostgreSQL the roles, auth schema and publication that Supabase's image has.
 * Idempotent, and a no-op on a real Supabase database (see the SQL file's header).
 */
export async function applySupabaseBootstrap(
  sql: postgres.Sql | postgres.TransactionSql,
): Promise<void> {
  await sql.unsafe(bootstrapSql);
}
