import {
  applySupabaseBootstrap,
  localPostgresDataDir,
  startEmbeddedPostgres,
} from '@repo/local-dev';
import postgres from 'postgres';

export function isLocalUrl(url: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}

async function answers(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

/**
 * Runs `fn` against DATABASE_URL. When that is the local default and nothing answers (no
 * `pnpm dev`, no `supabase start`), the dev cluster in .data/supabase/postgres is started for the
 * duration (the same cluster `pnpm dev` uses), so db:* scripts work on their own. A plain
 * PostgreSQL gets Supabase's roles and `auth` schema first (a no-op on Supabase).
 */
export async function withDevDatabase<T>(
  url: string,
  fn: (sql: postgres.Sql) => Promise<T>,
): Promise<T> {
  let stop: (() => Promise<void>) | undefined;
  if (!(await answers(url))) {
    if (!isLocalUrl(url)) throw new Error(`DATABASE_URL (${new URL(url).host}) does not answer`);
    const port = Number(new URL(url).port || 5432);
    console.log(
      `Nothing answers on port ${port}; starting the embedded PostgreSQL in ${localPostgresDataDir()}`,
    );
    const server = await startEmbeddedPostgres({ dataDir: localPostgresDataDir(), port });
    stop = server.stop;
  }
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  try {
    await applySupabaseBootstrap(sql);
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
    await stop?.();
  }
}
