import { createRoute, z } from '@hono/zod-openapi';
import type { Database } from '@repo/database';
import { describeMigrationStatus, migrationStatus } from '@repo/database/migrator';
import { createRouter } from '../http/router';
import { jsonResponse } from '../http/schemas';
import type { ProcessHealth } from '../process-health';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    database: z.enum(['ok', 'unreachable', 'behind']),
    detail: z.string(),
  })
  .openapi('Readiness');

/**
 * /healthz: the process is alive (no dependencies, for restarts).
 * /readyz: the database answers and has exactly the migrations this build ships, and the process
 * has not just survived an unhandled error (for traffic).
 */
export function healthRoutes(
  db: Database,
  migrationsFolder: string | undefined,
  processHealth?: ProcessHealth,
) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/healthz',
        summary: 'Liveness',
        responses: { 200: jsonResponse(Health, 'Alive.') },
      }),
      (c) => c.json({ status: 'ok' as const }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/readyz',
        summary: 'Readiness: database reachable and schema up to date',
        responses: {
          200: jsonResponse(Readiness, 'Ready for traffic.'),
          503: jsonResponse(Readiness, 'Not ready; `detail` says why and what to run.'),
        },
      }),
      async (c) => {
        let status: Awaited<ReturnType<typeof migrationStatus>>;
        try {
          status = await migrationStatus(db.sql, migrationsFolder);
        } catch (error) {
          c.get('log').warn({ err: error }, 'readiness: database unreachable');
          return c.json(
            {
              status: 'not_ready' as const,
              database: 'unreachable' as const,
              detail: 'The database does not answer.',
            },
            503,
          );
        }
        const detail = describeMigrationStatus(status);
        if (!status.upToDate) {
          c.get('log').warn({ migrations: status }, detail);
          return c.json({ status: 'not_ready' as const, database: 'behind' as const, detail }, 503);
        }
        const recovering = processHealth?.notReadyReason();
        if (recovering) {
          return c.json(
            { status: 'not_ready' as const, database: 'ok' as const, detail: recovering },
            503,
          );
        }
        return c.json({ status: 'ready' as const, database: 'ok' as const, detail }, 200);
      },
    );
}
