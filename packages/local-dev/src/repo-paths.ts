import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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

/**
 * Where `pnpm dev` keeps the embedded Supabase (git-ignored, kept across restarts, wiped by
 * `pnpm db:reset`). Its PostgreSQL cluster is the `postgres` folder inside.
 */
export function localSupabaseDataDir(): string {
  return join(findRepoRoot(), '.data', 'supabase');
}

export function localPostgresDataDir(): string {
  return join(localSupabaseDataDir(), 'postgres');
}
