import { readFileSync } from 'node:fs';
import type postgres from 'postgres';
import { supabaseBootstrapFile } from '../assets';

let bootstrapSql: string | undefined;

/**
 * Gives a plain PostgreSQL the roles, auth schema and publication that Supabase's image has.
 * Idempotent, and a no-op on a real Supabase database (see the SQL file's header).
 */
export async function applySupabaseBootstrap(
  sql: postgres.Sql | postgres.TransactionSql,
): Promise<void> {
  bootstrapSql ??= readFileSync(supabaseBootstrapFile, 'utf8');
  await sql.unsafe(bootstrapSql);
}
