import type postgres from 'postgres';

interface RateLimitHit {
  allowed: boolean;
  /** Seconds until the window ends when refused (the Retry-After), 0 when allowed. */
  retryAfterS: number;
}

/** Counts hits on named buckets in PostgreSQL, so every API replica shares one count. */
export interface RateLimitStore {
  hit(bucket: string, maxHits: number, windowSeconds: number): Promise<RateLimitHit>;
}

/**
 * private.rate_limit_hit() (one atomic upsert, see migration 0003) over `sql`, a connection with
 * the table owner's role (never an RLS transaction: users have no rights on the counters). One
 * statement per hit, so a transaction pooler is fine.
 */
export function createRateLimitStore(sql: postgres.Sql): RateLimitStore {
  return {
    async hit(bucket, maxHits, windowSeconds) {
      const [row] = await sql<{ wait: number }[]>`
        select private.rate_limit_hit(${bucket}, ${maxHits}, ${windowSeconds}) as wait`;
      const wait = row!.wait;
      return { allowed: wait === 0, retryAfterS: wait };
    },
  };
}
