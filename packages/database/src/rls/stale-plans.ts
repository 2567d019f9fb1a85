import type { Statement } from './channel';

/**
 * The server refused a prepared statement as stale: a migration changed the row type of a table it
 * reads ("cached plan must not change result type"), or the statement no longer exists on the
 * connection. Nothing ran; the connection will prepare the statement afresh on its next send.
 */
export class StalePlanError extends Error {
  constructor(override readonly cause: unknown) {
    super('A prepared statement went stale (the schema changed under it); it was not run.');
    this.name = 'StalePlanError';
  }
}

/**
 * postgres.js answers a stale prepared statement by forgetting it and sending it again on its own
 * (connection.js: `retryRoutines`, `retry(q)`), at the back of the connection's queue: behind the
 * COMMIT and any other transactions already sent after it, so the re-send would run outside the
 * caller's transaction, as the connection's own role, without claims. Every statement we send in
 * a group is refused that re-send: it fails with StalePlanError instead (postgres.js has already
 * dropped the stale statement by then), and the caller repeats the whole transaction if it can.
 *
 * postgres.js has no option for this. It marks the statement `retried` right before re-sending
 * it and sends nothing for a `cancelled` one; stale-plans.test.ts pins both.
 */
export function refuseDriverRetry(statement: Statement): void {
  Object.defineProperty(statement, 'retried', refusal);
}

const serverError = Symbol('serverError');
type Refusing = Statement & { [serverError]?: unknown };
/** One descriptor for every statement: V8 then shares their shape (per-statement closures cost µs). */
const refusal: PropertyDescriptor = {
  configurable: true,
  get(this: Refusing) {
    return this[serverError];
  },
  set(this: Refusing, error: unknown) {
    this[serverError] = error;
    this.cancelled = true;
    this.reject(new StalePlanError(error));
  },
};

function isStalePlan(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (current instanceof StalePlanError) return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}

/**
 * Runs a READ ONLY transaction once more, on the same connection, when a statement of it was
 * stale: it is safe to repeat and the connection now prepares afresh. Other transactions fail.
 */
export async function onceMoreIfStale<T>(readOnly: boolean, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!readOnly || !isStalePlan(error)) throw error;
    return attempt();
  }
}
