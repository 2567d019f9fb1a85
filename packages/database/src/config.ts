import { z } from 'zod';

/**
 * Connection settings shared by everything that opens a pool (the API, the scripts, the tests).
 * Apps spread this shape into their own env.ts; nothing else reads process.env for these.
 */
export const databaseEnvShape = {
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgresql://postgres:postgres@127.0.0.1:54322/postgres'),
  /** Connections leased, one transaction at a time, to multi-statement RLS transactions. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Connections shared by pipelined one-statement RLS transactions (0: none, they lease like the
   * rest). Few lanes batch best; about one per database CPU core (docs/benchmarks.md).
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
