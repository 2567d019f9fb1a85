#!/usr/bin/env tsx
/**
 * `build-image-tree api|web <out>`: a container's file tree. `pnpm build` runs it for the API
 * (apps/api/build, started by `pnpm --filter @repo/api start`), the Dockerfiles copy what it
 * writes, and the container tests run the same functions and start the result.
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
