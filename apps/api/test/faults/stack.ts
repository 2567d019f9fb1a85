import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '@repo/database/migrator';
import { createTestUser } from '@repo/database/testing';
import {
  freePort,
  LOCAL_DEFAULTS,
  type RunningPostgres,
  startEmbeddedPostgres,
} from '@repo/local-dev';
import { SignJWT } from 'jose';
import postgres from 'postgres';

const SECRET = 'faults-secret-with-at-least-32-characters!';
const API_DIR = new URL('../..', import.meta.url).pathname;

export interface FaultUser {
  id: string;
  token: string;
}

/**
 * A real API process (`src/index.ts`, as `pnpm start` runs it) on its own embedded PostgreSQL that
 * the fault scenarios stop, restart and kill connections of. Nothing is mocked.
 */
export interface FaultStack {
  apiUrl: string;
  /** Admin connection to the database (reconnects after a restart). */
  sql: postgres.Sql;
  /** The API's log lines (JSON), for finding what it logged about a fault. */
  logs: string[];
  users: FaultUser[];
  /** Still running, not exited or crashed. */
  apiAlive(): boolean;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultStack(
  options: { users?: number; env?: Record<string, string> } = {},
): Promise<FaultStack> {
  const folder = mkdtempSync(join(tmpdir(), 'api-faults-'));
  const port = await freePort();
  const startPg = () =>
    startEmbeddedPostgres({
      dataDir: join(folder, 'data'),
      port,
      persistent: true, // a restart keeps the data, as a real one does
      settings: { fsync: 'off', full_page_writes: 'off' },
    });
  let pg: RunningPostgres | undefined = await startPg();
  const sql = postgres(pg.url, { max: 2, onnotice: () => {}, fetch_types: false });
  await applyMigrations(sql);
  const key = new TextEncoder().encode(SECRET);
  const users = await Promise.all(
    Array.from({ length: options.users ?? 6 }, async (_, i) => {
      const user = await createTestUser(sql, `fault${i}`);
      const token = await new SignJWT(user.claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(key);
      return { id: user.id, token };
    }),
  );

  const apiPort = await freePort();
  const logs: string[] = [];
  const api: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: API_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      LOG_LEVEL: 'warn',
      DATABASE_URL: pg.url,
      // Required (no defaults outside the local loader); nothing here calls them.
      SUPABASE_URL: LOCAL_DEFAULTS.SUPABASE_URL,
      WEB_URL: LOCAL_DEFAULTS.WEB_URL,
      SMTP_URL: 'smtp://127.0.0.1:9',
      SUPABASE_JWT_SECRET: SECRET,
      DATABASE_CONNECT_TIMEOUT_S: '2',
      // The scenarios measure database faults; their bystanders read in tight loops, far past the
      // per-user request budget, which has tests of its own (rate-limits.test.ts).
      RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [api.stdout, api.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => logs.push(...chunk.split('\n').filter(Boolean)));
  }
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitFor(async () => (await fetch(`${apiUrl}/readyz`)).status === 200, 60_000);

  return {
    apiUrl,
    sql,
    logs,
    users,
    apiAlive: () => api.exitCode === null && api.signalCode === null,
    async stopPostgres() {
      await pg?.stop();
      pg = undefined;
    },
    async startPostgres() {
      pg = await startPg();
    },
    async close() {
      api.kill('SIGTERM');
      await new Promise((resolve) =>
        api.exitCode === null ? api.once('exit', resolve) : resolve(0),
      );
      await sql.end({ timeout: 1 }).catch(() => {});
      await pg?.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}
