import { type Database, findPostgresError } from '@repo/database';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics for /metrics: requests by route and status, latency histograms, the
 * database pools (connections, leased, waiting, pipelined statements), query errors by SQLSTATE,
 * replication lag where a replica reports it, and Node's own process metrics.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status.',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route template.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const queryErrors = new Counter({
    name: 'db_query_errors_total',
    help: 'Failed RLS transactions by SQLSTATE (or "connection"); 42501/23xxx are usually refused input, 08xxx/57xxx/53xxx an unhealthy database.',
    labelNames: ['code'],
    registers,
  });

  return {
    registry,
    observeRequest(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status });
      duration.observe({ method, route }, seconds);
    },
    countQueryError(error: unknown) {
      queryErrors.inc({ code: findPostgresError(error)?.code ?? 'connection' });
    },
    /** Pool and replica gauges, read from `db` whenever /metrics is scraped. */
    watch(db: Database) {
      const pools = () => [
        ['primary', db.stats().primary] as const,
        ...db.stats().replicas.map((stats, i) => [`replica${i}`, stats] as const),
      ];
      const poolGauge = (
        name: string,
        help: string,
        read: (s: ReturnType<Database['stats']>['primary']) => number,
      ) =>
        new Gauge({
          name,
          help,
          labelNames: ['database'],
          registers,
          collect() {
            for (const [database, stats] of pools()) this.set({ database }, read(stats));
          },
        });
      poolGauge(
        'db_pool_connections',
        'Connections the RLS pool may open (lanes + leased).',
        (s) => s.connections,
      );
      poolGauge(
        'db_pool_leased',
        'Multi-statement transactions holding a connection.',
        (s) => s.leased,
      );
      poolGauge(
        'db_pool_waiting',
        'Transactions waiting for a connection (sustained > 0: pool too small).',
        (s) => s.waiting,
      );
      poolGauge(
        'db_lane_pending_statements',
        'Statements queued or in flight on the pipelined lanes.',
        (s) => s.lanePending,
      );
      new Gauge({
        name: 'db_replica_lag_seconds',
        help: 'Seconds since the replica replayed the last transaction (absent when unknown).',
        labelNames: ['replica'],
        registers,
        async collect() {
          this.reset();
          await Promise.all(
            db.replicaSql.map(async (sql, i) => {
              const [row] = await sql<{ lag: number | null }[]>`
                select extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as lag`.catch(
                () => [],
              );
              if (row?.lag != null) this.set({ replica: `replica${i}` }, row.lag);
            }),
          );
        },
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
