/**
 * `pnpm --filter @repo/embedded-supabase bench:rest`: the latest 20 items of a random user, read
 * through the embedded Data API (`GET /rest/v1/items?select=*&order=created_at.desc&limit=20`,
 * behind the gateway, as supabase-js sends it) and through our API (`GET /v1/items?limit=20`,
 * apps/api as shipped, served by apps/api/bench/server.ts), against the same database and tokens,
 * in one run with interleaved rounds. Prints requests/s, p50 and p99. Not a test.
 */
import { fork } from 'node:child_process';
import { applyMigrations } from '@repo/database/migrator';
import { freePort } from '@repo/local-dev';
import postgres from 'postgres';
import { startEmbeddedSupabase } from '../src/index';
import { type BenchTarget, printMachine, runRounds, seedUsersAndItems, signTokens } from './rounds';

const USERS = 1_000;
const ITEMS_PER_USER = 100;

const stack = await startEmbeddedSupabase({
  ports: { api: 0, db: 0, mail: 0, smtp: 0 },
  realtime: false,
});
const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
let server: ReturnType<typeof fork> | undefined;
try {
  await applyMigrations(sql);
  console.log(`Seeding ${USERS} users x ${ITEMS_PER_USER} items…`);
  const users = await seedUsersAndItems(sql, USERS, ITEMS_PER_USER);
  const tokens = await signTokens(users, stack.keys.jwtSecret);

  const apiPorts = { rls: await freePort(), 'rls-tx': await freePort(), admin: await freePort() };
  server = fork(new URL('../../../apps/api/bench/server.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_DATABASE_URL: stack.dbUrl,
      BENCH_JWT_SECRET: stack.keys.jwtSecret,
      BENCH_PORTS: JSON.stringify(apiPorts),
    },
  });
  await new Promise((resolve) => server!.once('message', resolve));

  const rest = `${stack.url}/rest/v1/items?select=*&order=created_at.desc&limit=20`;
  const apikey = { apikey: stack.keys.anon };
  const targets: BenchTarget[] = [
    { name: 'data-api', url: () => rest, headers: apikey },
    // The same rows as the API's list (personal items), filtered explicitly as Supabase's RLS
    // guide advises, so the planner can use the (owner_id, created_at) index.
    {
      name: 'data-api-scoped',
      url: (user) => `${rest}&owner_id=eq.${users[user]!.id}&org_id=is.null`,
      headers: apikey,
    },
    { name: 'api', url: () => `http://127.0.0.1:${apiPorts.rls}/v1/items?limit=20` },
  ];
  for (const target of targets) {
    const check = await fetch(target.url(0), {
      headers: { ...target.headers, authorization: `Bearer ${tokens[0]}` },
    });
    const body = (await check.json()) as unknown;
    const rows = Array.isArray(body) ? body.length : (body as { items?: unknown[] }).items?.length;
    console.log(`${target.name}: ${check.status}, ${rows} rows`);
  }
  const figures = await runRounds(targets, tokens, { rounds: 3, seconds: 10, connections: 32 });
  console.log(
    `${USERS} users, ${USERS * ITEMS_PER_USER} items, 32 connections, 3 x 10 s per target`,
  );
  const ratio = figures['data-api']!.requestsPerSecond / figures.api!.requestsPerSecond;
  console.log(`ratio data-api/api: ${ratio.toFixed(2)}`);
  await printMachine(sql);
} finally {
  server?.kill();
  await sql.end();
  await stack.stop();
}
