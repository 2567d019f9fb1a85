/** Process figures from Linux's /proc, for the benchmarks' CPU-per-request figures. */
import { readdirSync, readFileSync } from 'node:fs';

/** Fields after the command name in /proc/<pid>/stat (field 3 is index 0). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime of a process in seconds (clock ticks of 1/100 s on Linux); 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The processes whose parent is `parent` (PostgreSQL's backends are the postmaster's children). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return Number(statFields(Number(pid))[1]) === parent;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** CPU seconds used so far by a server and its children; exited children keep their last reading. */
export function cpuOfTree(root: number): () => number {
  const seen = new Map<number, number>();
  return () => {
    for (const pid of [root, ...childrenOf(root)]) seen.set(pid, cpuSeconds(pid));
    return [...seen.values()].reduce((sum, s) => sum + s, 0);
  };
}
