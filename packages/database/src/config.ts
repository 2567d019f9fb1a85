import { z } from 'zod';

/**
 * Connection settings shared by everything that opens a pool (the API, the scripts, the tests).
 * Apps spread this shape into their own env.ts; nothing else reads process.env for these.
 * DATABASE_URL has no default: locally it comes from `.env` or @repo/local-dev's defaults.
 */
export const databaseEnvShape = {
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** Connections leased, one transaction at a time, to RLS transactions that write. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Connections shared by pipelined one-statement read-only RLS transactions (0: none, they lease
   * like the rest). Few lanes batch best; about one per database CPU core (docs/benchmarks.md).
   */
  DATABASE_LANES: z.coerce.number().int().min(0).max(64).default(2),
  DATABASE_IDLE_TIMEOUT_S: z.coerce.number().int().min(0).default(20),
  DATABASE_MAX_LIFETIME_S: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * 60),
  DATABASE_CONNECT_TIMEOUT_S: z.coerce.number().int().min(1).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(8_000),
  /** A user's statement waiting on a lock fails after this (409 row_locked in the API). */
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).default(2_000),
  /** A user's transaction left open and idle this long is ended by the server. */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  /** Leased connections for multi-statement read-only transactions, apart from the writers'. */
  DATABASE_READ_POOL_MAX: z.coerce.number().int().min(0).max(200).default(4),
  /** Waiting longer than this for a leased connection fails the request (503 in the API). */
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(0).default(2_000),
  /** auto: off for a transaction pooler (port 6543 or ?pgbouncer=true), on otherwise. */
  DATABASE_PREPARE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Read replicas (comma-separated URLs) for RLS reads; empty: everything on the primary. */
  DATABASE_REPLICA_URLS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^postgres(ql)?$/ }))),
  /** After a user writes, their reads stay on the primary this long (read-your-writes). */
  DATABASE_REPLICA_STICKY_MS: z.coerce.number().int().min(0).default(10_000),
};
const databaseEnvSchema = z.object(databaseEnvShape);
export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

export interface DatabaseConfig {
  url: string;
  replicaUrls?: string[];
  replicaStickyMs?: number;
  poolMax: number;
  lanes: number;
  idleTimeoutS: number;
  maxLifetimeS: number;
  connectTimeoutS: number;
  statementTimeoutMs: number;
  /** lock_timeout of users' transactions (default 2000). */
  lockTimeoutMs?: number;
  /** idle_in_transaction_session_timeout of users' transactions (default 5000). */
  idleInTransactionTimeoutMs?: number;
  /** Leased connections for multi-statement reads (default 0: they share poolMax's). */
  readPoolMax?: number;
  /** Bound on waiting for a leased connection (default 2000; 0: unbounded). */
  acquireTimeoutMs?: number;
  prepare: 'auto' | boolean;
  /** Shown in pg_stat_activity, so an operator can tell which service holds a connection. */
  applicationName?: string;
}

export function databaseConfigFrom(env: DatabaseEnv, applicationName?: string): DatabaseConfig {
  return {
    url: env.DATABASE_URL,
    replicaUrls: env.DATABASE_REPLICA_URLS,
    replicaStickyMs: env.DATABASE_REPLICA_STICKY_MS,
    poolMax: env.DATABASE_POOL_MAX,
    lanes: env.DATABASE_LANES,
    idleTimeoutS: env.DATABASE_IDLE_TIMEOUT_S,
    maxLifetimeS: env.DATABASE_MAX_LIFETIME_S,
    connectTimeoutS: env.DATABASE_CONNECT_TIMEOUT_S,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: env.DATABASE_LOCK_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    readPoolMax: env.DATABASE_READ_POOL_MAX,
    acquireTimeoutMs: env.DATABASE_ACQUIRE_TIMEOUT_MS,
    prepare: env.DATABASE_PREPARE === 'auto' ? 'auto' : env.DATABASE_PREPARE === 'true',
    applicationName,
  };
}

/**
 * Transaction poolers (Supavisor on 6543, PgBouncer in transaction mode) cannot keep named
 * prepared statements across transactions, so prepared statements go off there.
 */
export function usesPreparedStatements(url: string, prepare: DatabaseConfig['prepare']): boolean {
  if (prepare !== 'auto') return prepare;
  const parsed = new URL(url);
  return parsed.port !== '6543' && parsed.searchParams.get('pgbouncer') !== 'true';
}

/**
 * The URL postgres.js connects with: without `pgbouncer=true`, a marker for us (and Prisma) that
 * postgres.js would otherwise send as a startup parameter, which PgBouncer rejects.
 */
export function connectionUrl(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('pgbouncer');
  return parsed.toString();
}
