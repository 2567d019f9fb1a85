import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { expect, onTestFinished, test } from 'vitest';
import { freePort, startEmbeddedPostgres } from './embedded-postgres';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Ctrl-C in a terminal signals the whole process group, so PostgreSQL (a child of `pnpm dev`)
// gets SIGINT too and may be gone before the stack asks it to stop.
test('stop() returns when PostgreSQL has already exited on its own', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-pg-stop-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  expect(alive(pid)).toBe(true);
  process.kill(pid, 'SIGINT');
  await expect.poll(() => alive(pid), { timeout: 30_000 }).toBe(false);
  await pg.stop(); // hung forever before: the library waited for an exit that had happened
}, 120_000);

// What a hosted Supabase database does with text (C.UTF-8): sort by code point, but fold case
// beyond ASCII, so `ilike '%ünï%'` finds "Ünïcode" locally as it does in production.
test('text behaves as in a hosted database: byte order, Unicode case mapping', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-pg-locale-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  onTestFinished(() => pg.stop());
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  onTestFinished(() => sql.end());
  const [row] = await sql`
    select lower('ÜNÏ') as lowered,
           'Ünïcode' ilike '%ünï%' as matches,
           array(select v from unnest(array['b', 'B', 'a', 'É']) v order by v) as sorted`;
  expect(row).toEqual({ lowered: 'ünï', matches: true, sorted: ['B', 'a', 'b', 'É'] });
}, 120_000);
