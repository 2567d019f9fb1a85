/**
 * `pnpm --filter @repo/containers build:api <out>` / `build:web <out>`: a container's file tree.
 * The Dockerfiles run this; the container tests run the same functions and start the result.
 */
import { resolve } from 'node:path';
import { buildApiTree } from './build-api';
import { buildWebTree } from './build-web';

const [target, out] = process.argv.slice(2);
if (!out || (target !== 'api' && target !== 'web')) {
  console.error('usage: cli.ts api|web <output folder>');
  process.exit(2);
}
if (target === 'api') await buildApiTree(resolve(out));
else buildWebTree(resolve(out));
console.log(`${target} tree written to ${resolve(out)}`);
