import type postgres from 'postgres';
import { type FaultStack, type FaultUser, waitFor } from './stack';

/**
 * Fault scenarios against a real API process, shared by the test (which asserts) and
 * `pnpm --filter @repo/api faults` (which prints the figures for docs/reliability.md).
 */

export interface LoadFigures {
  requests: number;
  byStatus: Record<string, number>;
  /** Responses other than 2xx and 503 (a 5xx, an unexpected 4xx), with their error code. */
  unexpected: string[];
  /** Requests that got no HTTP answer at all (process gone, socket reset, no answer in 15 s). */
  noAnswer: number;
  /** 201s: writes the API acknowledged. */
  acknowledgedWrites: number;
  /** Acknowledged writes that are not in the table afterwards. */
  lostWrites: number;
  /** Rows of another user in any response. */
  foreignRows: number;
  /** 503s that lacked Retry-After. */
  missingRetryAfter: number;
}

/** Users creating and listing their items and reading /v1/me in a loop until stopped. */
class Load {
  readonly #acknowledged: { id: string; ownerId: string }[] = [];
  readonly #figures: LoadFigures = {
    requests: 0,
    byStatus: {},
    unexpected: [],
    noAnswer: 0,
    acknowledgedWrites: 0,
    lostWrites: 0,
    foreignRows: 0,
    missingRetryAfter: 0,
  };
  /** When each 2xx arrived (performance.now()). */
  readonly successes: number[] = [];
  #running = true;
  readonly #workers: Promise<void>[];

  constructor(
    private readonly stack: FaultStack,
    workersPerUser = 2,
  ) {
    this.#workers = stack.users.flatMap((user) =>
      Array.from({ length: workersPerUser }, () => this.#work(user)),
    );
  }

  async #work(user: FaultUser): Promise<void> {
    for (let turn = 0; this.#running; turn++) {
      const kind = (['create', 'list', 'me'] as const)[turn % 3]!;
      const response = await call(this.stack, user, kind);
      this.#count(user, kind, response);
      if (response === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  #count(user: FaultUser, kind: string, response: Answer | undefined): void {
    const f = this.#figures;
    f.requests++;
    if (!response) {
      f.noAnswer++;
      return;
    }
    const { status, body, retryAfter } = response;
    f.byStatus[status] = (f.byStatus[status] ?? 0) + 1;
    if (status >= 200 && status < 300) this.successes.push(performance.now());
    else if (status === 503) {
      if (!retryAfter) f.missingRetryAfter++;
    } else f.unexpected.push(`${kind} ${status} ${body?.error?.code ?? ''}`);
    if (kind === 'create' && status === 201) {
      f.acknowledgedWrites++;
      this.#acknowledged.push({ id: body.id, ownerId: body.ownerId });
      if (body.ownerId !== user.id) f.foreignRows++;
    }
    if (kind === 'list' && status === 200) {
      for (const item of body.items) if (item.ownerId !== user.id) f.foreignRows++;
    }
    if (kind === 'me' && status === 200 && body.user.id !== user.id) f.foreignRows++;
  }

  /** Stops the load and checks every acknowledged write is in the table, with its owner. */
  async stop(sql: postgres.Sql): Promise<LoadFigures> {
    this.#running = false;
    await Promise.all(this.#workers);
    const ids = this.#acknowledged.map((row) => row.id);
    const rows = ids.length
      ? await sql<{ id: string; owner_id: string }[]>`
          select id, owner_id from items where id in ${sql(ids)}`
      : [];
    const owners = new Map(rows.map((row) => [row.id, row.owner_id]));
    this.#figures.lostWrites = this.#acknowledged.filter(
      (row) => owners.get(row.id) !== row.ownerId,
    ).length;
    return this.#figures;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Answer = { status: number; body: any; retryAfter: string | null; ms: number };

async function call(
  stack: FaultStack,
  user: FaultUser,
  kind: 'create' | 'list' | 'me' | 'patch',
  itemId?: string,
): Promise<Answer | undefined> {
  const request: Record<typeof kind, [string, string, unknown?]> = {
    create: ['POST', '/v1/items', { title: 'written under faults' }],
    list: ['GET', '/v1/items?limit=20'],
    me: ['GET', '/v1/me'],
    patch: ['PATCH', `/v1/items/${itemId}`, { title: 'changed while locked' }],
  };
  const [method, path, body] = request[kind];
  const started = performance.now();
  try {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${user.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      retryAfter: response.headers.get('retry-after'),
      ms: performance.now() - started,
    };
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Terminates the API's connections: all of them, or only those younger than `youngerThanMs`. */
function terminateApiBackends(sql: postgres.Sql, youngerThanMs?: number) {
  return sql`
    select count(pg_terminate_backend(pid))::int as killed from pg_stat_activity
    where application_name = 'api'
      and (${youngerThanMs ?? null}::int is null
           or backend_start > now() - make_interval(secs => ${youngerThanMs ?? 0}::int / 1000.0))`;
}

export interface KillFigures extends LoadFigures {
  backendsKilled: number;
  apiAlive: boolean;
  readyAfterMs: number;
}

/** Kills the API's backends while they start (and all of them now and then), under load. */
export async function killBackendsWhileConnecting(
  stack: FaultStack,
  durationMs = 4_000,
): Promise<KillFigures> {
  const load = new Load(stack);
  let killed = 0;
  const until = performance.now() + durationMs;
  for (let round = 0; performance.now() < until; round++) {
    const [row] = await terminateApiBackends(stack.sql, round % 8 === 7 ? undefined : 300);
    killed += row?.killed ?? 0;
    await sleep(50);
  }
  const figures = await load.stop(stack.sql);
  const readyAfterMs = await readyWithin(stack);
  return { ...figures, backendsKilled: killed, apiAlive: stack.apiAlive(), readyAfterMs };
}

/** Terminates every API connection several times while requests are in flight. */
export async function terminateEveryConnection(stack: FaultStack): Promise<KillFigures> {
  const load = new Load(stack);
  let killed = 0;
  for (let round = 0; round < 6; round++) {
    await sleep(400);
    const [row] = await terminateApiBackends(stack.sql);
    killed += row?.killed ?? 0;
  }
  await sleep(400);
  const figures = await load.stop(stack.sql);
  const readyAfterMs = await readyWithin(stack);
  return { ...figures, backendsKilled: killed, apiAlive: stack.apiAlive(), readyAfterMs };
}

export interface RestartFigures extends LoadFigures {
  apiAlive: boolean;
  /** /readyz answers while PostgreSQL was down. */
  readyzWhileDown: Record<string, number>;
  /** From PostgreSQL accepting connections again to the first 2xx of the load. */
  recoveryMs: number;
  /** From PostgreSQL accepting connections again to /readyz 200. */
  readyAfterMs: number;
}

/** Stops PostgreSQL (fast shutdown) under load, keeps it down, starts it again. */
export async function restartPostgresUnderLoad(
  stack: FaultStack,
  downMs = 2_000,
): Promise<RestartFigures> {
  const load = new Load(stack);
  await sleep(1_000);
  await stack.stopPostgres();
  const readyzWhileDown: Record<string, number> = {};
  const downUntil = performance.now() + downMs;
  while (performance.now() < downUntil) {
    const status = await fetch(`${stack.apiUrl}/readyz`, { signal: AbortSignal.timeout(5_000) })
      .then((response) => String(response.status))
      .catch(() => 'no answer');
    readyzWhileDown[status] = (readyzWhileDown[status] ?? 0) + 1;
    await sleep(200);
  }
  await stack.startPostgres();
  const upAt = performance.now();
  const readyAfterMs = await readyWithin(stack);
  await waitFor(async () => load.successes.some((at) => at > upAt), 30_000).catch(() => {});
  const firstSuccess = load.successes.find((at) => at > upAt);
  await sleep(1_000);
  const figures = await load.stop(stack.sql);
  return {
    ...figures,
    apiAlive: stack.apiAlive(),
    readyzWhileDown,
    recoveryMs: firstSuccess === undefined ? Number.NaN : firstSuccess - upAt,
    readyAfterMs,
  };
}

export interface LockFigures {
  /** Bystanders' GET /v1/items and GET /v1/me while another user's writes wait on a lock. */
  bystanderReads: number;
  bystanderMaxMs: number;
  bystanderP50Ms: number;
  /** Bystander reads that did not answer 200. */
  bystanderFailures: number;
  /** What the waiting tenant's requests answered (status code → count), and the slowest. */
  waitingStatuses: Record<string, number>;
  waitingMaxMs: number;
}

/**
 * Another session holds a row lock on one user's item for `holdMs`; that user sends `waiting`
 * PATCHes to it at once while two other users read. Measures the bystanders and the waiting user.
 */
export async function bystandersUnderLock(
  stack: FaultStack,
  options: { waiting?: number; holdMs?: number } = {},
): Promise<LockFigures> {
  const [owner, ...bystanders] = stack.users;
  const created = await call(stack, owner!, 'create');
  if (created?.status !== 201) throw new Error(`could not create the item: ${created?.status}`);
  const itemId: string = created.body.id;
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holding = stack.sql.begin(async (tx) => {
    await tx`select id from items where id = ${itemId} for update`;
    locked();
    await sleep(options.holdMs ?? 5_000);
  });
  await isLocked;
  const waiting = Promise.all(
    Array.from({ length: options.waiting ?? 20 }, () => call(stack, owner!, 'patch', itemId)),
  );
  const reads: Answer[] = [];
  let failures = 0;
  let holdingDone = false;
  void holding.finally(() => {
    holdingDone = true;
  });
  await sleep(100); // the PATCHes are waiting on the lock now
  while (!holdingDone) {
    for (const user of bystanders.slice(0, 2)) {
      for (const kind of ['list', 'me'] as const) {
        const answer = await call(stack, user, kind);
        if (answer?.status === 200) reads.push(answer);
        else failures++;
      }
    }
  }
  await holding;
  const answers = await waiting;
  const waitingStatuses: Record<string, number> = {};
  for (const answer of answers) {
    const key = answer ? `${answer.status} ${answer.body?.error?.code ?? ''}`.trim() : 'no answer';
    waitingStatuses[key] = (waitingStatuses[key] ?? 0) + 1;
  }
  const times = reads.map((read) => read.ms).sort((a, b) => a - b);
  return {
    bystanderReads: reads.length,
    bystanderMaxMs: Math.round(times.at(-1) ?? Number.NaN),
    bystanderP50Ms: Math.round(times[Math.floor(times.length / 2)] ?? Number.NaN),
    bystanderFailures: failures,
    waitingStatuses,
    waitingMaxMs: Math.round(Math.max(...answers.map((answer) => answer?.ms ?? Infinity))),
  };
}

/** Milliseconds until /readyz answers 200. */
function readyWithin(stack: FaultStack): Promise<number> {
  return waitFor(async () => (await fetch(`${stack.apiUrl}/readyz`)).status === 200, 60_000).then(
    Math.round,
  );
}
