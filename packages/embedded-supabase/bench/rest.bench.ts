/**
 * `pnpm --filter @repo/embedded-supabase bench:rest`: the latest 20 items of a random user, read
 * through the embedded Data API (`GET /rest/v1/items?select=*&order=created_at.desc&limit=20`,
 * behind the gateway, as supabase-js sends it) and through our API (`GET /v1/items?limit=20`,
 * apps/api as shipped, served by apps/api/bench/server.ts), against the same database and tokens,
 * in one run with interleaved rounds. Prints requests/s, p50 and p99. Not a test.
 */
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { applyMigrations } from '@repo/database/migrator';
import { claimsFor } from '@repo/database/testing';
import { freePort } from '@repo/local-dev';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { startEmbeddedSupabase } from '../src/index';

const USERS = 1_000;
const ITEMS_PER_USER = 100;
const ROUNDS = 3;
const SECONDS = 10;
const CONNECTIONS = 32;
// data-api-scoped: the same rows as the API's list (personal items), filtered explicitly as
// Supabase's RLS guide advises, so the planner can use the (owner_id, created_at) index.
const TARGETS = ['data-api', 'data-api-scoped', 'api'] as const;
type Target = (typeof TARGETS)[number];

const stack = await startEmbeddedSupabase({
  ports: { api: 0, db: 0, mail: 0, smtp: 0 },
  realtime: false,
});
const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
let server: ReturnType<typeof fork> | undefined;
try {
  await applyMigrations(sql);
  console.log(`Seeding ${USERS} users x ${ITEMS_PER_USER} items…`);
  const users = await seed(sql);
  const key = new TextEncoder().encode(stack.keys.jwtSecret);
  const tokens = await Promise.all(
    users.map((u) =>
      new SignJWT(claimsFor(u.id, u.email))
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(key),
    ),
  );

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
  const urls: Record<Target, (user: number) => string> = {
    'data-api': () => rest,
    'data-api-scoped': (user) => `${rest}&owner_id=eq.${users[user]!.id}&org_id=is.null`,
    api: () => `http://127.0.0.1:${apiPorts.rls}/v1/items?limit=20`,
  };
  const extraHeaders: Record<Target, Record<string, string>> = {
    'data-api': { apikey: stack.keys.anon },
    'data-api-scoped': { apikey: stack.keys.anon },
    api: {},
  };
  for (const target of TARGETS) {
    const check = await fetch(urls[target](0), {
      headers: { ...extraHeaders[target], authorization: `Bearer ${tokens[0]}` },
    });
    const body = (await check.json()) as unknown;
    const rows = Array.isArray(body) ? body.length : (body as { items?: unknown[] }).items?.length;
    console.log(`${target}: ${check.status}, ${rows} rows`);
    await load(urls[target], extraHeaders[target], tokens, 3); // warm-up
  }
  const results = Object.fromEntries(TARGETS.map((t) => [t, [] as autocannon.Result[]])) as Record<
    Target,
    autocannon.Result[]
  >;
  for (let round = 1; round <= ROUNDS; round++) {
    const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]!);
    for (const target of order) {
      const result = await load(urls[target], extraHeaders[target], tokens, SECONDS);
      results[target].push(result);
      console.log(
        `round ${round} ${target.padEnd(8)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}`,
      );
    }
  }
  const throughput = (t: Target) =>
    results[t].reduce((sum, r) => sum + r.requests.total, 0) / (ROUNDS * SECONDS);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(
    `\n${USERS} users, ${USERS * ITEMS_PER_USER} items, ${CONNECTIONS} connections, ${ROUNDS} x ${SECONDS} s per target`,
  );
  for (const t of TARGETS) {
    console.log(
      `${t.padEnd(8)} ${throughput(t).toFixed(0).padStart(5)} req/s  p50 ${median(results[t].map((r) => r.latency.p50))} ms  p99 ${median(results[t].map((r) => r.latency.p99))} ms`,
    );
  }
  console.log(`ratio data-api/api: ${(throughput('data-api') / throughput('api')).toFixed(2)}`);
  const [version] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}, PostgreSQL ${version?.v}`,
  );
} finally {
  server?.kill();
  await sql.end();
  await stack.stop();
}

/** Each request as the next user: their token, and the URL built for them. */
function load(
  url: (user: number) => string,
  headers: Record<string, string>,
  tokens: string[],
  duration: number,
): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: url(0),
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        setupRequest: (request) => {
          const user = next++ % tokens.length;
          const target = new URL(url(user));
          return {
            ...request,
            path: target.pathname + target.search,
            headers: { ...request.headers, ...headers, authorization: `Bearer ${tokens[user]}` },
          };
        },
      },
    ],
  });
}

async function seed(sql: postgres.Sql) {
  const users = await sql<{ id: string; email: string }[]>`
    insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at, raw_app_meta_data,
                            raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
           'bench-' || n || '@example.test', now(), '{"provider":"email","providers":["email"]}',
           '{}', now(), now()
    from generate_series(1, ${USERS}) n
    returning id, email`;
  await sql`
    insert into items (owner_id, title, body, done, created_at)
    select u.id, 'item ' || n, 'body of item ' || n, n % 3 = 0, now() - n * interval '1 minute'
    from auth.users u, generate_series(1, ${ITEMS_PER_USER}) n`;
  await sql`vacuum analyze`;
  return users;
}
