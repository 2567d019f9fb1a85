import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

export interface WantedPort {
  /** What we would run there, for the message (e.g. `API (API_PORT)`). */
  name: string;
  port: number;
}

/**
 * Fails before anything starts when a port the stack needs is taken, naming the port, what we
 * wanted it for and, when the system tells, the process holding it: an app left over from an
 * earlier run is then one `kill` away, instead of an EADDRINUSE from deep inside a child.
 */
export async function assertPortsFree(wanted: WantedPort[]): Promise<void> {
  const taken: string[] = [];
  for (const { name, port } of wanted) {
    if (await canListen(port)) continue;
    const owner = findPortOwner(port);
    taken.push(
      `  ${port}  wanted for ${name}: taken by ${owner ? `pid ${owner.pid} (${owner.command})` : 'another process'}`,
    );
  }
  if (taken.length === 0) return;
  throw new Error(
    [
      'Cannot start: a port the app needs is in use.',
      ...taken,
      'Stop that process (an earlier `pnpm dev`?), or choose other ports in .env (API_PORT, WEB_PORT, SUPABASE_URL, DATABASE_URL).',
    ].join('\n'),
  );
}

/** Whether 127.0.0.1:`port` can be bound now (the address every app of the stack listens on). */
export function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

interface PortOwner {
  pid: number;
  command: string;
}

/** The process listening on TCP `port`, if the system says (Linux: /proc; elsewhere: lsof). */
function findPortOwner(port: number): PortOwner | undefined {
  return existsSync('/proc/net/tcp') ? fromProc(port) : fromLsof(port);
}

const LISTEN = '0A';

function fromProc(port: number): PortOwner | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const row of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = row.trim().split(/\s+/);
      const localPort = Number.parseInt(fields[1]?.split(':').pop() ?? '', 16);
      if (localPort === port && fields[3] === LISTEN && fields[9]) inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to look into
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return { pid: Number(entry), command: commandOf(entry) };
    }
  }
  return undefined;
}

function commandOf(pid: string): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const line = args.join(' ');
    return line.length > 120 ? `${line.slice(0, 117)}...` : line;
  } catch {
    return 'unknown command';
  }
}

function fromLsof(port: number): PortOwner | undefined {
  try {
    const out = execFileSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const pid = /^p(\d+)$/m.exec(out)?.[1];
    const command = /^c(.+)$/m.exec(out)?.[1];
    return pid ? { pid: Number(pid), command: command ?? 'unknown command' } : undefined;
  } catch {
    return undefined;
  }
}
