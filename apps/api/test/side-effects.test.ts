/**
 * Side effects leave after COMMIT: an SMTP server that accepts and stays silent must not hold a
 * request or a database connection, and the email goes out once the server answers.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createInvitation, hashInvitationToken } from '@repo/database';
import { createTestDatabase, createWorld, type World } from '@repo/database/testing';
import { type MailCatcher, startMailCatcher } from '@repo/embedded-supabase';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startJobWorker } from '../src/jobs/worker';
import { createInvitationMailer } from '../src/mail/invitation-mailer';
import { createTestApi, type TestApi } from './harness';

/**
 * An SMTP endpoint that accepts connections and, while silent, never says a word (no greeting);
 * once answering, it relays each new connection to the embedded mail catcher.
 */
async function startSwitchableSmtp(catcher: MailCatcher) {
  const held = new Set<Socket>();
  let answering = false;
  const server: Server = createServer((socket) => {
    socket.on('error', () => {});
    if (!answering) {
      held.add(socket);
      socket.on('close', () => held.delete(socket));
      return;
    }
    const upstream = connect(catcher.smtpPort, '127.0.0.1');
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  let accepted = 0;
  server.on('connection', () => accepted++);
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: () => accepted,
    answer() {
      answering = true;
    },
    async close() {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const idleInTransaction = async (api: TestApi) => {
  const [row] = await api.t.sql<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and state like 'idle in transaction%'`;
  return row!.n;
};

const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 20_000) => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

let catcher: MailCatcher;
let smtp: Awaited<ReturnType<typeof startSwitchableSmtp>>;
let api: TestApi;
let w: World;

beforeAll(async () => {
  catcher = await startMailCatcher({ http: 0, smtp: 0 });
  smtp = await startSwitchableSmtp(catcher);
  api = await createTestApi({
    poolMax: 4,
    jobConcurrency: 2,
    // Short timeouts as in production (SMTP_TIMEOUT_MS), shorter still to keep the test quick.
    mailer: createInvitationMailer({
      smtpUrl: smtp.url,
      from: 'Tests <tests@example.test>',
      timeoutMs: 1_000,
    }),
  });
  w = await createWorld(api.t.sql);
});

afterAll(async () => {
  await api?.close();
  await smtp?.close();
  await catcher?.stop();
});

const invite = (email: string, as = w.alice) =>
  api.request('POST', `/v1/orgs/${w.orgId}/invitations`, { as, body: { email } });

const messagesTo = (address: string) =>
  catcher.store.list().filter((message) => message.To.some((to) => to.Address === address));

describe('an SMTP server that accepts and stays silent', () => {
  test('invitations answer at once and no connection stays idle in transaction', async () => {
    // Warm up: the pools open their connections on first use.
    expect((await invite('warm-up@example.test')).status).toBe(201);
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const t0 = performance.now();
        const res = await invite(`silent-${i}@example.test`);
        return { status: res.status, ms: performance.now() - t0 };
      }),
    );
    const batchMs = performance.now() - started;
    const slowest = Math.max(...responses.map((r) => r.ms));
    // More invitations than leased connections, all answered while every email hangs.
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));

    // The worker is now stuck on the silent server, and no transaction waits with it.
    await until('the worker to reach the silent server', () => smtp.accepted() > 0);
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      samples.push(await idleInTransaction(api));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(samples).toEqual(Array(10).fill(0));

    // While the worker hangs on the mail server, one more invitation and a bystander's read are
    // answered at once (a functional bound: waiting on the mail server would take the SMTP timeout
    // per attempt, nodemailer's default being minutes).
    const t1 = performance.now();
    expect((await invite('one-more@example.test', w.bob)).status).toBe(201);
    const inviteMs = performance.now() - t1;
    expect(inviteMs).toBeLessThan(2_000);
    const t0 = performance.now();
    expect((await api.request('GET', '/v1/me', { as: w.bob })).status).toBe(200);
    const bystanderMs = performance.now() - t0;
    expect(bystanderMs).toBeLessThan(2_000);
    console.info(
      `silent SMTP: 10 concurrent invitations in ${Math.round(batchMs)} ms (slowest ${Math.round(slowest)} ms); idle in transaction ${Math.max(...samples)}; one more invitation ${Math.round(inviteMs)} ms; bystander GET /v1/me ${Math.round(bystanderMs)} ms`,
    );
  });

  test('the email is retried and delivered once the server answers, exactly once', async () => {
    const res = await invite('patient@example.test');
    expect(res.status).toBe(201);
    // The first attempt times out on the silent server and is scheduled again with backoff.
    await until('a failed first attempt', async () => {
      const [job] = await api.t.sql<{ attempts: number; last_error: string | null }[]>`
        select attempts, last_error from graphile_worker._private_jobs
        where payload ->> 'invitationId' = ${res.body.id}`;
      return !!job && job.attempts >= 1 && job.last_error !== null;
    });
    expect(messagesTo('patient@example.test')).toEqual([]);

    smtp.answer();
    await until('the email to arrive', () => messagesTo('patient@example.test').length > 0, 60_000);
    const [message] = messagesTo('patient@example.test');
    const token = /token=([\w-]+)/.exec(message!.Text)![1]!;

    // The job leaves the queue once the server has confirmed, and the email is not sent again.
    await until('the job to complete', async () => {
      const [job] = await api.t.sql`
        select count(*)::int as n from graphile_worker._private_jobs
        where payload ->> 'invitationId' = ${res.body.id}`;
      return job?.n === 0;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messagesTo('patient@example.test')).toHaveLength(1);
    // The link carries the invitation's token.
    const [invitation] = await api.t.sql<{ token_hash: string }[]>`
      select token_hash from invitations where id = ${res.body.id}`;
    expect(hashInvitationToken(token)).toBe(invitation!.token_hash);
  });

  test('a refused invitation (409) queues no email', async () => {
    const first = await invite('once@example.test');
    const again = await invite('once@example.test', w.bob);
    expect([first.status, again.status]).toEqual([201, 409]);
    // A job queued by the rolled-back insert would name an invitation that does not exist.
    const [orphans] = await api.t.sql`
      select count(*)::int as n from graphile_worker._private_jobs j
      where not exists (
        select 1 from invitations i where i.id = (j.payload ->> 'invitationId')::uuid)`;
    expect(orphans?.n).toBe(0);
    await until('the email to arrive', () => messagesTo('once@example.test').length > 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messagesTo('once@example.test')).toHaveLength(1);
  });
});

test('a worker stops cleanly while its mail server hangs: the job stays queued, connections close', async () => {
  // A database of its own, so that no other worker takes the job.
  const t = await createTestDatabase();
  const silent = await startSwitchableSmtp(catcher);
  const url = new URL(t.url);
  url.searchParams.set('application_name', 'jobs-under-test');
  const connections = async () => {
    const [row] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where application_name = 'jobs-under-test'`;
    return row!.n;
  };
  const worker = await startJobWorker({
    databaseUrl: url.toString(),
    concurrency: 1,
    mailer: createInvitationMailer({
      smtpUrl: silent.url,
      from: 'x@example.test',
      timeoutMs: 1_000,
    }),
    webUrl: 'http://127.0.0.1:3000',
    logger: pino({ level: 'silent' }),
  });
  try {
    expect(await connections()).toBeGreaterThan(0);
    const world = await createWorld(t.sql);
    const { invitation } = await t.db.rls(world.alice.claims, (tx) =>
      createInvitation(tx, { orgId: world.orgId, email: 'stopping@example.test', role: 'member' }),
    );
    await until('the worker to reach the silent server', () => silent.accepted() > 0);
    const t0 = performance.now();
    await worker.stop();
    // Bounded by the SMTP timeout, not by the silent server.
    expect(performance.now() - t0).toBeLessThan(5_000);
    await until('the worker connections to close', async () => (await connections()) === 0, 5_000);
    // Not lost: still queued, unlocked (its failed attempt recorded), for the next worker.
    const [job] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker._private_jobs
      where payload ->> 'invitationId' = ${invitation.id} and locked_at is null`;
    expect(job?.n).toBe(1);
  } finally {
    await silent.close();
    await t.drop();
  }
});
