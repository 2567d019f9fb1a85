/**
 * `pnpm db:types`: migrates a throwaway embedded PostgreSQL and writes the TypeScript types of the
 * Data API's schemas (config.toml `[api] schemas`) to apps/web/src/lib/supabase/database.types.ts.
 * `--check` only compares, and exits 1 when the committed file is stale.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations } from '@repo/database/migrator';
import { freePort, startEmbeddedPostgres } from '@repo/local-dev';
import postgres from 'postgres';
import { loadConfig } from '../src/config';
import { generateTypes } from '../src/rest/typescript-types';

export const TYPES_FILE = new URL(
  '../../../apps/web/src/lib/supabase/database.types.ts',
  import.meta.url,
).pathname;

/** The repository's Biome, so the file is formatted as `pnpm lint` wants it. */
const BIOME = fileURLToPath(import.meta.resolve('@biomejs/biome/bin/biome'));

/** The types as the current migrations make them, formatted. */
export async function currentTypes(): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'db-types-'));
  const pg = await startEmbeddedPostgres({
    dataDir: join(folder, 'data'),
    port: await freePort(),
    persistent: false,
  });
  const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
  try {
    await applyMigrations(sql);
    const types = await generateTypes(sql, loadConfig().api.schemas);
    return execFileSync(process.execPath, [BIOME, 'format', `--stdin-file-path=${TYPES_FILE}`], {
      input: types,
      encoding: 'utf8',
    });
  } finally {
    await sql.end();
    await pg.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const types = await currentTypes();
  if (process.argv.includes('--check')) {
    if (readFileSync(TYPES_FILE, 'utf8') !== types) {
      console.error(`${TYPES_FILE} is stale: run pnpm db:types`);
      process.exit(1);
    }
  } else {
    writeFileSync(TYPES_FILE, types);
    console.log(`wrote ${TYPES_FILE}`);
  }
}
