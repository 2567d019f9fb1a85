import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'embedded-supabase.lock';

interface LockOwner {
  pid: number;
  startedAt: string;
}

/**
 * Claims a data folder for this process so a second instance cannot write into it. The lock file
 * names its owner; one left by a process that no longer runs is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      return () => releaseIfOwned(path, owner);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readOwner(path);
      if (current && isRunning(current.pid)) {
        throw new Error(
          `The embedded Supabase data folder ${dataDir} is in use by process ${current.pid} ` +
            `(started ${current.startedAt}). Stop that process first, or use another dataDir; ` +
            'two instances must never share a folder.',
        );
      }
      rmSync(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`Could not lock ${dataDir}: ${path} keeps reappearing`);
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return Number.isInteger(parsed.pid) ? (parsed as LockOwner) : undefined;
  } catch {
    return undefined; // unreadable or half-written: treat as stale
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

function releaseIfOwned(path: string, owner: LockOwner): void {
  const current = readOwner(path);
  if (current?.pid === owner.pid && current.startedAt === owner.startedAt) rmSync(path);
}
