import type postgres from 'postgres';

interface RateLimitHit {
  allowed: boolean;
  /** Seconds until the window ends when refused (the Retry-After), 0 when allowed. */
  retryAfterS: number;
}

interface RateLimitTake {
  /** How many of the hits asked for fit in the window's limit (0 to `hits`). */
  granted: number;
  /** Seconds left in the window, as PostgreSQL's clock saw it (fractional). */
  windowLeftS: number;
}

/** Counts hits on named buckets in PostgreSQL, so every API replica shares one count. */
export interface RateLimitStore {
  hit(bucket: string, maxHits: number, windowSeconds: number): Promise<RateLimitHit>;
  /**
   * Counts `hits` hits at once and says how many of them fit under `maxHits` in the current
   * window: `hits` separate hit() calls in one statement, so a replica can take a block of the
   * budget and spend it without asking again.
   */
  take(
    bucket: string,
    hits: number,
    maxHits: number,
    windowSeconds: number,
  ): Promise<RateLimitTake>;
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
    async take(bucket, hits, maxHits, windowSeconds) {
      // The same row, window alignment and counting as rate_limit_hit(), adding `hits` at once;
      // the count before this statement is `counted - hits`, so the grant is exact under races.
      const [row] = await sql<{ counted: number; left_s: number }[]>`
        with w as (
          select to_timestamp(floor(extract(epoch from clock_timestamp()) / ${windowSeconds}::int)
                              * ${windowSeconds}::int) as started
        )
        insert into private.rate_limits as r (key, window_start, hits)
        select ${bucket}::text, started, ${hits}::int from w
        on conflict (key) do update set
          hits = case when r.window_start = excluded.window_start
                      then r.hits + excluded.hits else excluded.hits end,
          window_start = excluded.window_start
        returning r.hits as counted,
          extract(epoch from r.window_start + make_interval(secs => ${windowSeconds}::int)
                             - clock_timestamp())::float8 as left_s`;
      const before = row!.counted - hits;
      return {
        granted: Math.max(0, Math.min(hits, maxHits - before)),
        windowLeftS: row!.left_s,
      };
    },
  };
}
