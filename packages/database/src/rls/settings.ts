import type postgres from 'postgres';
import { type JwtClaims, rlsRoleFor } from '../claims';
import type { Statement } from './channel';

/** How long a caller's transaction may wait, each bounded so one user cannot hold a connection. */
export interface TransactionLimits {
  /** Any one statement (statement_timeout). */
  statementTimeoutMs: number;
  /** Waiting for a row or table lock another transaction holds (lock_timeout). */
  lockTimeoutMs: number;
  /** Open and idle between statements; the server then ends the session (idle_in_transaction_session_timeout). */
  idleInTransactionTimeoutMs: number;
}

/**
 * The statement that makes a transaction "as the caller": the claims (a bound parameter, read by
 * auth.uid()/auth.jwt()), the role (from the allowlist, never from the token) and the limits,
 * all transaction-local so nothing outlives COMMIT, even behind a transaction pooler.
 */
export function callerSettings(claims: JwtClaims, limits: TransactionLimits) {
  const claimsJson = JSON.stringify(claims);
  const role = rlsRoleFor(claims);
  const query = limitsQuery(limits);
  return (sql: postgres.Sql): Statement => prepared(sql, query, [claimsJson, role] as never[]);
}

/**
 * The limits are the same for every transaction of a process, so they are written into the
 * statement (integers, validated at start) and only the claims and the role are bound: one
 * prepared statement per connection, no extra parameters per request.
 */
const limitsQuery = (limits: TransactionLimits) => {
  const ms = (value: number) => {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`invalid timeout: ${value}`);
    return `'${value}'`;
  };
  return `select set_config('request.jwt.claims', $1, true),
                 set_config('role', $2, true),
                 set_config('statement_timeout', ${ms(limits.statementTimeoutMs)}, true),
                 set_config('lock_timeout', ${ms(limits.lockTimeoutMs)}, true),
                 set_config('idle_in_transaction_session_timeout', ${ms(limits.idleInTransactionTimeoutMs)}, true)`;
};

export type CallerSettings = ReturnType<typeof callerSettings>;

/** postgres.js's `unsafe`, the only method drizzle's session calls on its client. */
export type Unsafe = postgres.Sql['unsafe'];

/**
 * drizzle asks postgres.js for an unnamed statement unless a query is `.prepare(name)`d, and
 * postgres.js sends a parameterised unnamed statement in two round trips (describe, then execute).
 * Preparing every statement (postgres.js caches them per connection, as PostgREST does) makes each
 * one round trip. The pool's `prepare: false` (transaction poolers) still wins: postgres.js ANDs them.
 */
export function prepared(
  sql: postgres.Sql,
  query: string,
  parameters?: never[],
  options?: postgres.UnsafeQueryOptions,
) {
  return sql.unsafe(query, parameters, { ...options, prepare: true }) as Statement;
}
