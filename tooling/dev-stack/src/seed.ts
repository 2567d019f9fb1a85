import { seedDemoData } from '@repo/database/seed';
import type postgres from 'postgres';

/** Demo users and data on a database that has no users yet (a first `pnpm dev`). */
export async function seedDemoDataIfEmpty(sql: postgres.Sql): Promise<string | undefined> {
  const [users] = await sql<{ count: number }[]>`select count(*)::int as count from auth.users`;
  return users?.count === 0 ? seedDemoData(sql) : undefined;
}
