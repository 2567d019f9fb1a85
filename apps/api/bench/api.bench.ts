/**
 * `pnpm bench:api`: GET /v1/items through rls() (as shipped, and as a general two-round-trip
 * transaction) vs the same route over the admin client with an explicit owner filter, on 100,000
 * items of 1,000 users, measured in one run with interleaved rounds (this machine is noisy).
 * Prints requests/s, p50 and p99 per round and the ratios. Not a test: nothing asserts a time.
 */
import { fork } from 'node:child_process';
import { printMachine } from '@repo/embedded-supabase/bench';
import { freePort } from '@repo/local-dev';
import autocannon from 'autocannon';
import { startBenchDatabase } from './bench-database';
import { cpuOfTree, cpuSeconds } from './proc';

const USERS = 1_000;
const ITEMS_PER_USER = 100;
const ROUNDS = 3;
const SECONDS = 10;
const CONNECTIONS = 32;
const SECRET = 'bench-secret-with-at-least-32-characters!';
const TARGETS = ['rls', 'rls-tx', 'admin'] as const;
type Target = (typeof TARGETS)[number];

const database = await startBenchDatabase({
  prefix: 'api-bench-',
  users: USERS,
  itemsPerUser: ITEMS_PER_USER,
  secret: SECRET,
});
const { sql, tokens } = database;
let server: ReturnType<typeof fork> | undefined;
try {
  const ports = Object.fromEntries(
    await Promise.all(TARGETS.map(async (t) => [t, await freePort()] as const)),
  ) as Record<Target, number>;
  server = fork(new URL('./server.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_DATABASE_URL: database.url,
      BENCH_JWT_SECRET: SECRET,
      BENCH_PORTS: JSON.stringify(ports),
    },
  });
  await new Promise((resolve) => server!.once('message', resolve));

  const url = (target: Target) => `http://127.0.0.1:${ports[target]}/v1/items?limit=20`;
  for (const target of TARGETS) await load(url(target), tokens, 3); // warm-up
  const postgresCpu = cpuOfTree(database.postmasterPid());
  const cpuMs = Object.fromEntries(TARGETS.map((t) => [t, [] as number[]])) as Record<
    Target,
    number[]
  >;
  const results = Object.fromEntries(TARGETS.map((t) => [t, [] as autocannon.Result[]])) as Record<
    Target,
    autocannon.Result[]
  >;
  for (let round = 1; round <= ROUNDS; round++) {
    // Rotate the order each round so no target always runs first or last.
    const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]!);
    for (const target of order) {
      const serverBefore = cpuSeconds(server.pid!);
      const pgBefore = postgresCpu();
      const result = await load(url(target), tokens, SECONDS);
      results[target].push(result);
      // CPU per request: what a busy machine distorts far less than req/s.
      cpuMs[target].push(
        ((cpuSeconds(server.pid!) - serverBefore + postgresCpu() - pgBefore) * 1000) /
          result.requests.total,
      );
      console.log(
        `round ${round} ${target.padEnd(6)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}`,
      );
    }
  }
  const throughput = (t: Target) =>
    results[t].reduce((sum, r) => sum + r.requests.total, 0) / (ROUNDS * SECONDS);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(
    `\nGET /v1/items?limit=20 — ${USERS} users, ${USERS * ITEMS_PER_USER} items, ${CONNECTIONS} connections, ${ROUNDS} x ${SECONDS} s per target`,
  );
  for (const t of TARGETS) {
    console.log(
      `${t.padEnd(6)} ${throughput(t).toFixed(0).padStart(5)} req/s  p50 ${median(results[t].map((r) => r.latency.p50))} ms  p99 ${median(results[t].map((r) => r.latency.p99))} ms`,
    );
  }
  console.log(
    `ratio rls/admin:    ${(throughput('rls') / throughput('admin')).toFixed(2)} (target ≥ 0.90)`,
  );
  console.log(`ratio rls-tx/admin: ${(throughput('rls-tx') / throughput('admin')).toFixed(2)}`);
  const cpu = (t: Target) => median(cpuMs[t]);
  console.log(
    `CPU ms/request (API + PostgreSQL): ${TARGETS.map((t) => `${t} ${cpu(t).toFixed(3)}`).join(', ')}; admin/rls by CPU ${(cpu('admin') / cpu('rls')).toFixed(2)}`,
  );
  await printMachine(sql);
} finally {
  server?.kill();
  await database.close();
}

function load(url: string, tokens: string[], duration: number): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: {
            ...request.headers,
            authorization: `Bearer ${tokens[next++ % tokens.length]}`,
          },
        }),
      },
    ],
  });
}
