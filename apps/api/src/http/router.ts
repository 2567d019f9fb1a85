import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { AuthVariables } from '../middleware/auth';
import type { RlsVariables } from '../middleware/rls';
import { ApiError } from './errors';

export type AppEnv = {
  Variables: AuthVariables & RlsVariables & { requestId: string; log: Logger };
};

/**
 * A router whose request validation failures become the API's 400 error (with the fields that
 * were wrong) instead of zod's raw output.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      throw new ApiError(
        400,
        'validation_failed',
        'Some fields are missing or invalid.',
        result.error.issues.map((issue) => ({
          path: issue.path.join('.') || '(body)',
          message: issue.message,
        })),
      );
    },
  });
}

/**
 * How handlers call `c.var.rls()` (RlsOptions of db.rls() in @repo/database):
 * ONE_STATEMENT: a one-statement write; BEGIN, claims, statement and COMMIT in one round trip.
 * ONE_READ: the same for a read, READ ONLY and eligible for a read replica.
 * READS: several reads in one READ ONLY transaction (one snapshot), eligible for a replica.
 */
export const ONE_STATEMENT = { singleStatement: true } as const;
export const ONE_READ = { singleStatement: true, readOnly: true } as const;
export const READS = { readOnly: true } as const;
