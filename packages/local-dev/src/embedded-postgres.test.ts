import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
