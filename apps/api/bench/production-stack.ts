/**
 * What the production benchmarks start: an embedded PostgreSQL with 1,000 users × 100 items, the
 * API's container file tree built from this checkout (the esbuild bundle `pnpm build` makes), and
 * 1–N API processes running it with `node` and NODE_ENV=production, as the image does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApiTree } from '@repo/containers';
import { freePort } from '@repo/local-dev';
import type postgres from 'postgres';
import { startBenchDatabase } from './bench-database';
import { cpuOfTree, cpuSeconds } from './proc';

const SECRET = 'bench-secret-with-at-least-32-characters!';
const ISSUER = 'http://127.0.0.1:54321/auth/v1';
/** /metrics needs it in production. */
export const METRICS_TOKEN = 'bench-metrics-token-0123456789';

export interface ApiProcess {
  url: string;
  pid: number;
  /** Resident set size now, in MiB (from /proc). */
  rssMiB(): number;
  /** CPU time used so far (user + system), in seconds. */
  cpuSeconds(): number;
}

export interface ProductionStack {
  databaseUrl: string;
  /** CPU time (user + system, seconds) PostgreSQL's server processes used so far. */
  postgresCpuSeconds(): number;
  sql: postgres.Sql;
  users: { id: string; email: string }[];
  /** One HS256 access token per user, signed as Supabase Auth would. */
  tokens: string[];
  /** The API processes of each variant, by name. */
  apis: Record<string, ApiProcess[]>;
  /** Stops the API processes (SIGTERM: they drain; CPU profiles are written then). */
  stopApis(): Promise<void>;
  /** Stops everything and deletes the data and the built tree. */
  stop(): Promise<void>;
}

export async function startProductionStack(options: {
  /** API processes per variant unless it says (behind one load generator, as replicas). */
  processes: number;
  /**
   * Named builds to serve side by side, each from its own tree (`build-image-tree api DIR`, e.g.
   * before and after a change) so one run compares them; default: `api`, built from this checkout.
   */
  variants?: Record<string, { tree?: string; processes?: number }>;
  users?: number;
  itemsPerUser?: number;
  /** Write a V8 CPU profile per API process here (`node --cpu-prof`) when they stop. */
  cpuProfileDir?: string;
  /** Extra environment per API process, by index (e.g. RATE_LIMIT_REQUESTS_PER_MINUTE=0). */
  env?: (index: number) => Record<string, string>;
}): Promise<ProductionStack> {
  const database = await startBenchDatabase({
    prefix: 'api-production-bench-',
    users: options.users ?? 1_000,
    itemsPerUser: options.itemsPerUser ?? 100,
    secret: SECRET,
  });
  const { folder, sql, users, tokens } = database;
  const children: ChildProcess[] = [];
  const stopApis = async () => {
    await Promise.all(children.map(stopChild));
  };
  const stop = async () => {
    await stopApis();
    await database.close();
  };
  try {
    const variants = options.variants ?? { api: {} };
    const apis: Record<string, ApiProcess[]> = {};
    let i = 0;
    for (const [name, variant] of Object.entries(variants)) {
      let tree = variant.tree;
      if (!tree) {
        tree = join(folder, name);
        console.log(`Building the API file tree for ${name} (esbuild, as \`pnpm build\`)…`);
        await buildApiTree(tree);
      }
      apis[name] = [];
      for (let p = 0; p < (variant.processes ?? options.processes); p++, i++) {
        const port = await freePort();
        const child = spawn(
          process.execPath,
          [
            ...(options.cpuProfileDir
              ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
              : []),
            join(tree, 'dist/index.js'),
          ],
          {
            // Only what the image sets: nothing of this shell (no tsx loader, no dev defaults).
            env: {
              PATH: process.env.PATH ?? '',
              NODE_ENV: 'production',
              HOST: '127.0.0.1',
              PORT: String(port),
              DATABASE_URL: database.url,
              SUPABASE_URL: 'http://127.0.0.1:9',
              SUPABASE_JWT_SECRET: SECRET,
              SUPABASE_JWT_ISSUER: ISSUER,
              WEB_URL: 'https://app.example.test',
              SMTP_URL: 'smtp://127.0.0.1:9',
              METRICS_TOKEN,
              JOBS_CONCURRENCY: '0',
              LOG_LEVEL: 'info',
              ...options.env?.(i),
            },
            // Log lines are written (the cost is real) to /dev/null; errors are shown.
            stdio: ['ignore', 'ignore', 'inherit'],
          },
        );
        children.push(child);
        const url = `http://127.0.0.1:${port}`;
        await waitUntilReady(url, child);
        apis[name].push({
          url,
          pid: child.pid!,
          rssMiB: () => rssMiB(child.pid!),
          cpuSeconds: () => cpuSeconds(child.pid!),
        });
      }
    }
    // Backends come and go (idle timeouts): cpuOfTree keeps each one's last reading.
    const postgresCpuSeconds = cpuOfTree(database.postmasterPid());
    return {
      databaseUrl: database.url,
      postgresCpuSeconds,
      sql,
      users,
      tokens,
      apis,
      stopApis,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilReady(url: string, child: ChildProcess) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API at ${url} was not ready within 30 s`);
}

/** SIGTERM (the API drains and exits, writing its CPU profile if asked), SIGKILL after 15 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
