import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './paths';

/**
 * The API container's file tree, built into `out`: the server, the migrate and worker commands bundled
 * with every dependency (no node_modules in the image at all), beside a copy of the migrations,
 * where @repo/database's assets.ts looks for them (one folder up from dist/). `pnpm build` writes it to apps/api/build, which apps/api/Dockerfile copies; the container
 * tests build the same tree and start it with node.
 */
export async function buildApiTree(out: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: {
      index: join(repoRoot, 'apps/api/src/index.ts'),
      migrate: join(repoRoot, 'apps/api/src/migrate.ts'),
      worker: join(repoRoot, 'apps/api/src/worker.ts'),
    },
    outdir: join(out, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node22', // the oldest Node.js the engines field allows
    format: 'esm',
    // The three commands share most of their code: shared chunks keep the image small.
    splitting: true,
    // Chunks beside the entry points: @repo/database finds its migrations one folder up.
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies inside an ES module bundle still call require() and read __dirname.
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { fileURLToPath as __fileURLToPath } from 'node:url';",
        "import { dirname as __dirnameOf } from 'node:path';",
        'const require = __createRequire(import.meta.url);',
        'const __filename = __fileURLToPath(import.meta.url);',
        'const __dirname = __dirnameOf(__filename);',
      ].join('\n'),
    },
  });
  cpSync(join(repoRoot, 'packages/database/migrations'), join(out, 'migrations'), {
    recursive: true,
  });
  writeFileSync(
    join(out, 'package.json'),
    `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`,
  );
}
