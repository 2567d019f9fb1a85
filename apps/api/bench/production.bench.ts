/**
 * `pnpm bench:production`: the API as it ships (the built container tree, `node`,
 * NODE_ENV=production, request budget and logging on) serving `GET /v1/items?limit=20` to 32
 * connections, against the one-round-trip RLS transaction done by postgres.js without HTTP (the
 * limit), in interleaved rounds; prints medians, p99 and the API's RSS idle and under load.
 * Options: --processes N (API processes behind the load generator, default 1), --rounds N,
 * --seconds N, --profile DIR (V8 CPU profiles of the API processes, summarised at the end),
 * --variant NAME=TREE[@N] (repeatable: serve trees built with `build-image-tree api TREE`, e.g.
 * before and after a change, side by side in the same rounds, with N processes each; `NAME=@2`
 * builds this checkout; default: one variant `api`, this checkout).
 * Not a test: nothing asserts a time.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { decodeJwt } from 'jose';
import { type ApiProcess, startProductionStack } from './production-stack';
import { summariseProfile } from './profile-summary';
import { rawRls } from './raw-rls';

const { values: args } = parseArgs({
  options: {
    processes: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    profile: { type: 'string' },
    variant: { type: 'string', multiple: true },
  },
});
const PROCESSES = Number(args.processes);
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONNECTIONS = 32;
const profileDir = args.profile ? resolve(args.profile) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const variants = args.variant?.length
  ? Object.fromEntries(
      args.variant.map((v) => {
        // NAME=TREE (a built tree), NAME=TREE@N (N processes of it), NAME=@N (this checkout)
        const [, name, tree, processes] = /^([^=]+)=([^@]*)(?:@(\d+))?$/.exec(v) ?? [];
        if (!name) throw new Error(`--variant ${v}: expected NAME=TREE[@PROCESSES]`);
        return [
          name,
          {
            tree: tree ? resolve(tree) : undefined,
            processes: processes ? Number(processes) : undefined,
          },
        ];
      }),
    )
  : undefined;

const stack = await startProductionStack({
  processes: PROCESSES,
  variants,
  cpuProfileDir: profileDir,
});
const raw = rawRls(
  stack.databaseUrl,
  stack.tokens.map((token) => decodeJwt(token)),
);
const names = Object.keys(stack.apis);
try {
  const idleRss = Object.fromEntries(names.map((n) => [n, stack.apis[n]!.map((a) => a.rssMiB())]));
  console.log('Warming up…');
  // Every user's token once (as a signed-in user's first request), then 5 s of load.
  for (const name of names)
    await load(stack.apis[name]!, stack.tokens, { amount: stack.tokens.length });
  for (const name of names) await load(stack.apis[name]!, stack.tokens, 5);
  await raw.run(3, CONNECTIONS);

  const targets = ['raw', ...names];
  const rates: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t, []]));
  const p50s: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const p99s: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const loadRss: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  // CPU ms per request of the serving process(es) and of PostgreSQL: robust to a busy machine,
  // where req/s mostly measures what the neighbours leave over.
  const cpu: Record<string, { own: number[]; pg: number[] }> = Object.fromEntries(
    targets.map((t) => [t, { own: [], pg: [] }]),
  );
  let errors = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    // Rotate the order so no target always runs first or last (on a warmer or cooler machine).
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const target of order) {
      const pgBefore = stack.postgresCpuSeconds();
      if (target === 'raw') {
        const ownBefore = process.cpuUsage();
        const rate = await raw.run(SECONDS, CONNECTIONS);
        const own = process.cpuUsage(ownBefore);
        const count = rate * SECONDS;
        cpu.raw!.own.push((own.user + own.system) / 1000 / count);
        cpu.raw!.pg.push(((stack.postgresCpuSeconds() - pgBefore) * 1000) / count);
        rates.raw!.push(rate);
        console.log(`round ${round} ${'raw'.padEnd(12)} ${rate.toFixed(0).padStart(6)} tx/s`);
        continue;
      }
      const apis = stack.apis[target]!;
      const sampler = setInterval(() => {
        for (const api of apis) loadRss[target]!.push(api.rssMiB());
      }, 250);
      const ownBefore = apis.reduce((sum, api) => sum + api.cpuSeconds(), 0);
      const result = await load(apis, stack.tokens, SECONDS);
      clearInterval(sampler);
      const count = result.rate * SECONDS;
      const ownAfter = apis.reduce((sum, api) => sum + api.cpuSeconds(), 0);
      cpu[target]!.own.push(((ownAfter - ownBefore) * 1000) / count);
      cpu[target]!.pg.push(((stack.postgresCpuSeconds() - pgBefore) * 1000) / count);
      rates[target]!.push(result.rate);
      p50s[target]!.push(result.p50);
      p99s[target]!.push(result.p99);
      errors += result.errors;
      console.log(
        `round ${round} ${target.padEnd(12)} ${result.rate.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  non-2xx/errors ${result.errors}`,
      );
    }
  }
  await new Promise((r) => setTimeout(r, 3000));

  const limit = median(rates.raw!);
  console.log(
    `\nGET /v1/items?limit=20, ${stack.users.length} users, ${CONNECTIONS} connections, ${PROCESSES} API process(es) per variant unless named, ${ROUNDS} x ${SECONDS} s, medians`,
  );
  const ms = (xs: number[]) => median(xs).toFixed(3);
  const rawCpu = median(cpu.raw!.own) + median(cpu.raw!.pg);
  console.log(
    `raw RLS transaction  ${limit.toFixed(0).padStart(6)} tx/s (postgres.js, no HTTP)  CPU ms/tx: client ${ms(cpu.raw!.own)}, PostgreSQL ${ms(cpu.raw!.pg)}`,
  );
  for (const name of names) {
    const rate = median(rates[name]!);
    const rss = stack.apis[name]!.map((a) => a.rssMiB());
    console.log(
      `${name.padEnd(20)} ${rate.toFixed(0).padStart(6)} req/s  API/raw ${(rate / limit).toFixed(2)} (target ≥ 0.50)  p50 ${median(p50s[name]!)} ms  p99 ${median(p99s[name]!)} ms (target < 100)`,
    );
    const apiCpu = median(cpu[name]!.own) + median(cpu[name]!.pg);
    console.log(
      `${''.padEnd(20)} CPU ms/request: API ${ms(cpu[name]!.own)}, PostgreSQL ${ms(cpu[name]!.pg)}; raw/API by CPU ${(rawCpu / apiCpu).toFixed(2)}`,
    );
    console.log(
      `${''.padEnd(20)} RSS per process: idle ${fmt(idleRss[name]!)} MiB, under load max ${Math.max(...loadRss[name]!).toFixed(0)} MiB, idle after ${fmt(rss)} MiB`,
    );
  }
  console.log(`non-2xx/errors: ${errors}`);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}`);
  if (profileDir) {
    await stack.stopApis();
    for (const file of readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))) {
      console.log(`\n${file}`);
      console.log(summariseProfile(join(profileDir, file)));
    }
  }
} finally {
  await raw.end();
  await stack.stop();
}

/** 32 connections spread over the processes; each request carries the next user's token. */
async function load(apis: ApiProcess[], tokens: string[], length: number | { amount: number }) {
  const seconds = typeof length === 'number' ? length : 1;
  let next = Math.floor(Math.random() * tokens.length);
  const results = await Promise.all(
    apis.map((api) =>
      autocannon({
        url: `${api.url}/v1/items?limit=20`,
        connections: CONNECTIONS / apis.length,
        ...(typeof length === 'number'
          ? { duration: length }
          : { amount: Math.ceil(length.amount / apis.length) }),
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
      }),
    ),
  );
  return {
    rate: results.reduce((sum, r) => sum + r.requests.total, 0) / seconds,
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function fmt(values: number[]): string {
  return values.map((v) => v.toFixed(0)).join(' / ');
}
