import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../embedded/postgres';

/** Where `pnpm dev` keeps the embedded PostgreSQL cluster (git-ignored). */
export function devPostgresDataDir(): string {
  return join(findRepoRoot(), '.data', 'postgres');
}

/** The workspace root: the nearest folder upwards holding pnpm-workspace.yaml. */
export function findRepoRoot(from = process.cwd()): string {
  let folder = resolve(from);
  while (!existsSync(join(folder, 'pnpm-workspace.yaml'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    folder = parent;
  }
  return folder;
}

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
 * `pnpm dev`, no `supabase start`), the dev cluster in .data/postgres is started for the
 * duration, so db:* scripts work on their own.
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
      `Nothing answers on port ${port}; starting the embedded PostgreSQL in ${devPostgresDataDir()}`,
    );
    const server = await startEmbeddedPostgres({ dataDir: devPostgresDataDir(), port });
    stop = server.stop;
  }
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
    await stop?.();
  }
}
