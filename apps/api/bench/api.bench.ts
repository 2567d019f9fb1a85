/**
 * `pnpm bench:api`: GET /v1/items through rls() (as shipped, and as a general two-round-trip
 * transaction) vs the same route over the admin client with an explicit owner filter, on 100,000
 * items of 1,000 users, measured in one run with interleaved rounds (this machine is noisy).
 * Prints requests/s, p50 and p99 per round and the ratios. Not a test: nothing asserts a time.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '@repo/database';
import { freePort, startEmbeddedPostgres } from '@repo/database/embedded';
import { runRounds, seedUsersAndItems, signTokens } from '@repo/embedded-supabase/bench';
import postgres from 'postgres';

const USERS = 1_000;
const ITEMS_PER_USER = 100;
const ROUNDS = 3;
const SECONDS = 10;
const CONNECTIONS = 32;
const SECRET = 'bench-secret-with-at-least-32-characters!';
const TARGETS = ['rls', 'rls-tx', 'admin'] as const;
type Target = (typeof TARGETS)[number];

const folder = mkdtempSync(join(tmpdir(), 'api-bench-'));
const pg = await startEmbeddedPostgres({
  dataDir: join(folder, 'data'),
  port: await freePort(),
  persistent: false,
  settings: { shared_buffers: '512MB', synchronous_commit: 'off', jit: 'off' },
});
const sql = postgres(pg.url, { max: 4, onnotice: () => {} });
let server: ReturnType<typeof fork> | undefined;
try {
  await applyMigrations(sql);
  console.log(`Seeding ${USERS} users x ${ITEMS_PER_USER} items…`);
  const users = await seedUsersAndItems(sql, USERS, ITEMS_PER_USER);
  const tokens = await signTokens(users, SECRET);

  const ports = Object.fromEntries(
    await Promise.all(TARGETS.map(async (t) => [t, await freePort()] as const)),
  ) as Record<Target, number>;
  server = fork(new URL('./server.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_DATABASE_URL: pg.url,
      BENCH_JWT_SECRET: SECRET,
      BENCH_PORTS: JSON.stringify(ports),
    },
  });
  await new Promise((resolve) => server!.once('message', resolve));

  const url = (target: Target) => `http://127.0.0.1:${ports[target]}/v1/items?limit=20`;
  const figures = await runRounds(
    TARGETS.map((name) => ({ name, url: () => url(name) })),
    tokens,
    { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS },
  );
  const throughput = (t: Target) => figures[t]!.requestsPerSecond;
  console.log(
    `GET /v1/items?limit=20 — ${USERS} users, ${USERS * ITEMS_PER_USER} items, ${CONNECTIONS} connections, ${ROUNDS} x ${SECONDS} s per target`,
  );
  console.log(
    `ratio rls/admin:    ${(throughput('rls') / throughput('admin')).toFixed(2)} (target ≥ 0.80)`,
  );
  console.log(`ratio rls-tx/admin: ${(throughput('rls-tx') / throughput('admin')).toFixed(2)}`);
  const [version] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}, PostgreSQL ${version?.v}`,
  );
} finally {
  server?.kill();
  await sql.end();
  await pg.stop();
  rmSync(folder, { recursive: true, force: true });
}
