/**
 * Realtime fan-out benchmark: 100 supabase-js clients of 10 users, each subscribed to
 * postgres_changes on `items` (RLS), or with --broadcast to its user's private channel
 * `user:<id>` fed by the items trigger (Broadcast from the database, Realtime Authorization),
 * while rows are inserted at a steady rate spread over the users. Prints insert-to-delivery latency (from just before each INSERT is sent to the moment the
 * client's callback runs) and deliveries per second.
 *
 *   npx tsx bench/realtime.bench.ts [--rate 100] [--seconds 20] [--shared-sessions] [--broadcast]
 *     [--connections 4]
 *
 * --connections: the writers' pool. Each INSERT waits for its commit's WAL flush, so a small pool
 * caps the insert rate before Realtime does; raise it to find Realtime's ceiling.
 *
 * Without SUPABASE_URL it starts the embedded stack in this process (clients included) with a
 * durable data folder; with SUPABASE_URL it measures that stack (e.g. `supabase start`).
 * --shared-sessions: a user's 10 clients share one token (tabs of one browser) instead of ten.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyMigrations } from '@repo/database/migrator';
import { claimsFor } from '@repo/database/testing';
import type { SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { subscribe } from '../src/realtime/testing/channels';
import { createConfirmedUser, userClient } from '../test/contract/clients';
import { getTarget } from '../test/contract/target';

const USERS = 10;
const CLIENTS_PER_USER = 10;
const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    'shared-sessions': { type: 'boolean', default: false },
    broadcast: { type: 'boolean', default: false },
    connections: { type: 'string', default: '4' },
  },
});
const rate = Number(args.rate);
const inserts = rate * Number(args.seconds);

const dataDir = mkdtempSync(join(tmpdir(), 'realtime-bench-'));
// A kept data folder gets the stack's durable settings (synchronous_commit on).
const target = await getTarget({ embedded: { dataDir } });
const sql = postgres(target.dbUrl, { max: Number(args.connections), onnotice: () => {} });
const clients: SupabaseClient[] = [];
try {
  await applyMigrations(sql);
  const secret = new TextEncoder().encode(target.jwtSecret);
  const tokenFor = (id: string, email: string) =>
    new SignJWT(claimsFor(id, email)).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const users = await Promise.all(
    Array.from({ length: USERS }, (_, index) => createConfirmedUser(target, `bench-${index}`)),
  );
  for (const user of users) {
    const shared = await tokenFor(user.id, user.email);
    for (let index = 0; index < CLIENTS_PER_USER; index++) {
      const client = userClient(target);
      clients.push(client);
      await client.realtime.setAuth(
        args['shared-sessions'] ? shared : await tokenFor(user.id, user.email),
      );
      const arrived = (title: string) => {
        const started = sentAt.get(title);
        if (started !== undefined) latencies.push(performance.now() - started);
      };
      const channel = args.broadcast
        ? client
            .channel(`user:${user.id}`, { config: { private: true } })
            .on('broadcast', { event: 'INSERT' }, (message) =>
              arrived((message.payload as { record: { title: string } }).record.title),
            )
        : client
            .channel(`items-${user.id}-${index}`)
            .on(
              'postgres_changes',
              { event: 'INSERT', schema: 'public', table: 'items' },
              (change) => arrived((change.new as { title: string }).title),
            );
      await subscribe(channel);
    }
  }

  // Warm-up: plans, caches and JIT before the clock starts.
  for (let index = 0; index < 20; index++) {
    await sql`insert into public.items (owner_id, title) values (${users[index % USERS]!.id}, 'warm-up')`;
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const pending: Promise<unknown>[] = [];
  /** INSERT sent → committed: separates a slow database from a slow delivery. */
  const commits: number[] = [];
  for (let n = 0; n < inserts; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const title = `bench-${n}`;
    const owner = users[n % USERS]!.id;
    sentAt.set(title, performance.now());
    // postgres.js sends a query when it is awaited or executed, so execute it now.
    const sent = performance.now();
    pending.push(
      sql`insert into public.items (owner_id, title) values (${owner}, ${title})`
        .execute()
        .then(() => commits.push(performance.now() - sent)),
    );
  }
  await Promise.all(pending);
  const expected = inserts * CLIENTS_PER_USER;
  const deadline = performance.now() + 10_000;
  while (latencies.length < expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);

  latencies.sort((a, b) => a - b);
  commits.sort((a, b) => a - b);
  const percentile = (p: number, values = latencies) =>
    values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
  const ms = (value: number) => value.toFixed(1);
  const cores = cpus();
  console.log(
    [
      `target: ${target.embedded ? 'embedded stack, in this process (clients too)' : target.url}`,
      `machine: ${cores.length} vCPU ${cores[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
      `clients: ${USERS * CLIENTS_PER_USER} (${USERS} users × ${CLIENTS_PER_USER}), ${args['shared-sessions'] ? 'one session per user' : 'one session per client'}, INSERT on items with RLS, ${args.broadcast ? 'broadcast on private user:<id> channels' : 'postgres_changes'}`,
      `inserts: ${inserts} at ${rate}/s over ${args.connections} connections, latency from just before each INSERT is sent`,
      `deliveries: ${latencies.length}/${expected} in ${elapsed.toFixed(1)} s = ${Math.round(latencies.length / elapsed)}/s`,
      `latency ms: p50 ${ms(percentile(50))}  p90 ${ms(percentile(90))}  p99 ${ms(percentile(99))}  max ${ms(latencies.at(-1) ?? NaN)}`,
      `insert → commit ms: p50 ${ms(percentile(50, commits))}  p99 ${ms(percentile(99, commits))}`,
      `node process CPU: ${Math.round(((cpu.user + cpu.system) / 1e6 / elapsed) * 100)}% of one core`,
    ].join('\n'),
  );
} finally {
  await Promise.all(clients.map((client) => client.realtime.disconnect()));
  await sql.end();
  await target.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
