import { readFileSync } from 'node:fs';
import type postgres from 'postgres';

const sqlFile = (name: string) => readFileSync(new URL(`../sql/${name}`, import.meta.url), 'utf8');
let files: { bootstrap: string; authTables: string; realtime: string } | undefined;

/**
 * Gives a plain PostgreSQL what Supabase's image provides and this project relies on: the API
 * roles, the `auth` schema with GoTrue's tables and claim functions, the `supabase_realtime`
 * publication, and the `realtime` schema (messages, topic(), send(), broadcast_changes()) that
 * Supabase Realtime installs. The one place the `auth` schema is emulated: the database's tests, the `db:*`
 * scripts and the embedded Supabase all get it from here. Idempotent, and a no-op on a real
 * Supabase database (the role supabase_admin exists only there).
 */
export async function applySupabaseBootstrap(
  sql: postgres.Sql | postgres.TransactionSql,
): Promise<void> {
  files ??= {
    bootstrap: sqlFile('supabase-bootstrap.sql'),
    authTables: sqlFile('auth-tables.sql'),
    realtime: sqlFile('supabase-realtime.sql'),
  };
  const [supabase] = await sql<{ yes: boolean }[]>`
    select exists (select 1 from pg_roles where rolname = 'supabase_admin') as yes`;
  if (supabase?.yes) return;
  await sql.unsafe(files.bootstrap);
  await sql.unsafe(files.authTables);
  await sql.unsafe(files.realtime);
}
