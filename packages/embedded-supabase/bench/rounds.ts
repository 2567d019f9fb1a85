/**
 * What the HTTP benchmarks share (bench/rest.bench.ts here, apps/api/bench/api.bench.ts and production-stack.ts): the
 * seeded users and items, their tokens, and the load loop — warm-up, then interleaved rounds per
 * target (this machine is noisy), each request as the next user. Prints figures; asserts nothing.
 */

import { cpus } from 'node:os';
import { claimsFor } from '@repo/database/testing';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import type postgres from 'postgres';

export interface BenchTarget {
  name: string;
  /** The URL for a request made as user number `user`. */
  url: (user: number) => string;
  headers?: Record<string, string>;
}

export interface BenchFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

/** `users` confirmed users with `itemsPerUser` personal items each, analyzed. */
export async function seedUsersAndItems(sql: postgres.Sql, users: number, itemsPerUser: number) {
  const rows = await sql<{ id: string; email: string }[]>`
    insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at, raw_app_meta_data,
                            raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
           'bench-' || n || '@example.test', now(), '{"provider":"email","providers":["email"]}',
           '{}', now(), now()
    from generate_series(1, ${users}) n
    returning id, email`;
  await sql`
    insert into items (owner_id, title, body, done, created_at)
    select u.id, 'item ' || n, 'body of item ' || n, n % 3 = 0, now() - n * interval '1 minute'
    from auth.users u, generate_series(1, ${itemsPerUser}) n`;
  await sql`vacuum analyze`;
  return rows;
}

/** An HS256 access token per user, with the claims Supabase Auth issues. */
export function signTokens(users: Array<{ id: string; email: string }>, secret: string) {
  const key = new TextEncoder().encode(secret);
  return Promise.all(
    users.map((u) =>
      new SignJWT(claimsFor(u.id, u.email))
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(key),
    ),
  );
}

/**
 * Loads each target for `seconds`, `rounds` times, rotating the order each round so no target
 * always runs first or last; prints each round and returns the totals per target.
 */
export async function runRounds(
  targets: BenchTarget[],
  tokens: string[],
  options: { rounds: number; seconds: number; connections: number },
): Promise<Record<string, BenchFigures>> {
  const { rounds, seconds, connections } = options;
  for (const target of targets) await load(target, tokens, 3, connections); // warm-up
  const results = new Map<string, autocannon.Result[]>(targets.map((t) => [t.name, []]));
  const width = Math.max(...targets.map((t) => t.name.length));
  for (let round = 1; round <= rounds; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const target of order) {
      const result = await load(target, tokens, seconds, connections);
      results.get(target.name)!.push(result);
      console.log(
        `round ${round} ${target.name.padEnd(width)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}`,
      );
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const figures: Record<string, BenchFigures> = {};
  for (const [name, list] of results) {
    figures[name] = {
      requestsPerSecond: list.reduce((sum, r) => sum + r.requests.total, 0) / (rounds * seconds),
      p50: median(list.map((r) => r.latency.p50)),
      p99: median(list.map((r) => r.latency.p99)),
    };
  }
  for (const [name, f] of Object.entries(figures)) {
    console.log(
      `${name.padEnd(width)} ${f.requestsPerSecond.toFixed(0).padStart(5)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms`,
    );
  }
  return figures;
}

/** Each request as the next user: their token, and the URL built for them. */
function load(
  target: BenchTarget,
  tokens: string[],
  duration: number,
  connections: number,
): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: target.url(0),
    connections,
    duration,
    requests: [
      {
        setupRequest: (request) => {
          const user = next++ % tokens.length;
          const url = new URL(target.url(user));
          return {
            ...request,
            path: url.pathname + url.search,
            headers: {
              ...request.headers,
              ...target.headers,
              authorization: `Bearer ${tokens[user]}`,
            },
          };
        },
      },
    ],
  });
}

/** The line that says what the figures were measured on. */
export async function printMachine(sql: postgres.Sql): Promise<void> {
  const [version] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}, PostgreSQL ${version?.v}`,
  );
}
