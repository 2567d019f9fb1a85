import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The app servers run in process groups of their own (so one signal stops each app whole), which
 * also means nothing stops them if the dev stack itself dies without running its shutdown
 * (SIGKILL, a crash). The reaper is a small detached process that holds a pipe from the stack:
 * when the pipe closes, however the stack ended, it stops every group the stack told it about.
 */
export interface Reaper {
  /** Groups to stop if the stack dies first. */
  watch(pgid: number): void;
  /** The stack stopped its groups itself: the reaper checks they are gone and exits. */
  close(): void;
}

export function startReaper(): Reaper {
  const child: ChildProcess = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(new URL('./reaper-process.ts', import.meta.url))],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  child.unref();
  // The pipe must not keep the stack alive either; it closes when the stack exits.
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.stdin?.on('error', () => {}); // the reaper died first: nothing to do about it
  return {
    watch: (pgid) => child.stdin?.write(`${pgid}\n`),
    close: () => child.stdin?.end(),
  };
}
