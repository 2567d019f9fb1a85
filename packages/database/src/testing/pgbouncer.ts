import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@repo/local-dev';

export interface RunningPgBouncer {
  /** A client URL through the pooler, marked `?pgbouncer=true`. */
  url: string;
  stop(): Promise<void>;
}

/** PgBouncer from the system (Debian: `apt-get install pgbouncer`), or a clear error. */
function findPgBouncer(): string {
  for (const candidate of [
    process.env.PGBOUNCER_PATH,
    '/usr/sbin/pgbouncer',
    '/usr/bin/pgbouncer',
  ]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('which', ['pgbouncer'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'PgBouncer is not installed, so the transaction-pooler suite cannot run (it does not pass ' +
        'without it). Install it (Debian/Ubuntu: apt-get install pgbouncer) or set PGBOUNCER_PATH.',
    );
  }
}

/**
 * PgBouncer in transaction mode in front of `databaseUrl`, with only `serverConnections` server
 * connections, so every client transaction shares them: what Supavisor on port 6543 does.
 */
export async function startPgBouncer(
  databaseUrl: string,
  serverConnections = 2,
): Promise<RunningPgBouncer> {
  const binary = findPgBouncer();
  const server = new URL(databaseUrl);
  const folder = mkdtempSync(join(tmpdir(), 'pgbouncer-'));
  chmodSync(folder, 0o777); // PgBouncer refuses root; it runs as `postgres` then and writes here
  const port = await freePort();
  const user = decodeURIComponent(server.username);
  writeFileSync(
    join(folder, 'userlist.txt'),
    `"${user}" "${decodeURIComponent(server.password)}"\n`,
  );
  writeFileSync(
    join(folder, 'pgbouncer.ini'),
    [
      '[databases]',
      `app = host=${server.hostname} port=${server.port} dbname=${server.pathname.slice(1)} user=${user} password=${decodeURIComponent(server.password)}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = plain',
      `auth_file = ${join(folder, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${serverConnections}`,
      'max_client_conn = 500',
      `logfile = ${join(folder, 'pgbouncer.log')}`,
      `pidfile = ${join(folder, 'pgbouncer.pid')}`,
    ].join('\n'),
  );
  const asRoot = userInfo().uid === 0;
  const child: ChildProcess = spawn(
    binary,
    [...(asRoot ? ['-u', 'postgres'] : []), join(folder, 'pgbouncer.ini')],
    {
      stdio: 'ignore',
    },
  );
  await waitForPort(port, child);
  return {
    url: `postgresql://${server.username}:${server.password}@127.0.0.1:${port}/app?pgbouncer=true`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) =>
        child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve),
      );
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const { connect } = await import('node:net');
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`PgBouncer exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`PgBouncer did not listen on port ${port}`);
}
