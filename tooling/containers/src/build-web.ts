import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pnpmCommand } from '@repo/dev-stack';
import { repoRoot } from './paths';

const web = join(repoRoot, 'apps/web');

/**
 * The web container's file tree, built into `out`: Next.js's standalone output (server.js with
 * only the node_modules it traced) plus the static assets it serves. Start it with
 * `node apps/web/server.js` (PORT, HOSTNAME). apps/web/Dockerfile runs exactly this.
 */
export function buildWebTree(out: string): void {
  const [command, args] = pnpmCommand(['--filter', '@repo/web', 'run', 'build']);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(web, '.next/standalone'), out, { recursive: true, verbatimSymlinks: true });
  cpSync(join(web, '.next/static'), join(out, 'apps/web/.next/static'), { recursive: true });
  if (existsSync(join(web, 'public'))) {
    cpSync(join(web, 'public'), join(out, 'apps/web/public'), { recursive: true });
  }
}
