import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@repo/local-dev';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { withDatabase } from '../testing';

// `pnpm db:migrate` as the package script runs it, in a repository of its own (a folder with
// pnpm-workspace.yaml and a .env), so the test controls which .env the command finds.
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const LOADER = '@repo/local-dev/load-env';
const SCRIPT = 'src/scripts/migrate.ts';
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

function dbMigrate(repo: string, shell: Record<string, string> = {}) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        tsxCli,
        '--import',
        fileURLToPath(import.meta.resolve(LOADER)),
        fileURLToPath(new URL(`../../${SCRIPT}`, import.meta.url)),
      ],
      { cwd: repo, env: { ...inherited, ...shell }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

const serverUrl = inject('testPostgresUrl');
const root = postgres(serverUrl, { max: 1, onnotice: () => {} });
const names = ['env_file_db', 'shell_db', 'shadowed_db'];
let repo: string;

async function migrationsApplied(database: string): Promise<number> {
  const sql = postgres(withDatabase(serverUrl, database), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select to_regclass('drizzle.__drizzle_migrations') is not null as yes`;
    if (!row?.yes) return 0;
    const [count] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return count?.n as number;
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  for (const name of names) await root.unsafe(`create database ${name}`);
  repo = mkdtempSync(join(tmpdir(), 'db-migrate-repo-'));
  writeFileSync(join(repo, 'pnpm-workspace.yaml'), 'packages: []\n');
});
afterAll(async () => {
  for (const name of names) await root.unsafe(`drop database if exists ${name} with (force)`);
  await root.end();
  rmSync(repo, { recursive: true, force: true });
});

describe('pnpm db:migrate', () => {
  test('is the command this test runs', () => {
    expect(manifest.scripts['db:migrate']).toBe(`tsx --import ${LOADER} ${SCRIPT}`);
  });

  test('migrates the database DATABASE_URL in .env names', async () => {
    writeFileSync(join(repo, '.env'), `DATABASE_URL=${withDatabase(serverUrl, 'env_file_db')}\n`);
    const { code, output } = await dbMigrate(repo);
    expect(output).toMatch(/Applied \d+ migration\(s\)/);
    expect(code).toBe(0);
    expect(await migrationsApplied('env_file_db')).toBeGreaterThan(0);
  });

  test('a DATABASE_URL in the shell wins over .env', async () => {
    writeFileSync(join(repo, '.env'), `DATABASE_URL=${withDatabase(serverUrl, 'shadowed_db')}\n`);
    const { code } = await dbMigrate(repo, { DATABASE_URL: withDatabase(serverUrl, 'shell_db') });
    expect(code).toBe(0);
    expect(await migrationsApplied('shell_db')).toBeGreaterThan(0);
    expect(await migrationsApplied('shadowed_db')).toBe(0);
  });

  test('a .env database that does not answer is an error, never the local one instead', async () => {
    // Not the local default (127.0.0.1), and refused at once: an unroutable address would leave the
    // script's socket waiting for the kernel's connect timeout on a machine with a network.
    const port = await freePort();
    writeFileSync(
      join(repo, '.env'),
      `DATABASE_URL=postgresql://postgres:postgres@127.0.0.2:${port}/postgres\n`,
    );
    const { code, output } = await dbMigrate(repo);
    expect(code).not.toBe(0);
    expect(output).toContain(`DATABASE_URL (127.0.0.2:${port}) does not answer`);
    // No local cluster was started in its place.
    expect(existsSync(join(repo, '.data'))).toBe(false);
  });
});
