import { readFileSync } from 'node:fs';
import type postgres from 'postgres';

const schemaSql = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');

/** Creates the auth tables GoTrue would have (idempotent; auth.users comes from the bootstrap). */
export async function ensureAuthSchema(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(schemaSql);
}
