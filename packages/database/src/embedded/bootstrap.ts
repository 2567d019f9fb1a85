import { readFileSync } from 'node:fs';
import type postgres from 'postgres';
import { supabaseBootstrapFile, supabaseRealtimeFile } from '../assets';

let bootstrapSql: string | undefined;
let realtimeSql: string | undefined;

/**
 * Gives a plain PostgreSQL the roles, auth schema and publication that Supabase's image has, and
 * the `realtime` schema's messages table and functions that Supabase Realtime installs.
 * Idempotent, and a no-op on a real Supabase database (see the SQL file's header).
 */
export async function applySupabaseBootstrap(
  sql: postgres.Sql | postgres.TransactionSql,
): Promise<void> {
  bootstrapSql ??= readFileSync(supabaseBootstrapFile, 'utf8');
  realtimeSql ??= readFileSync(supabaseRealtimeFile, 'utf8');
  await sql.unsafe(bootstrapSql);
  await sql.unsafe(realtimeSql);
}
