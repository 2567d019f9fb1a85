import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { AuthVariables } from '../middleware/auth';
import { ApiError } from './errors';

export type AppEnv = {
  Variables: AuthVariables & { requestId: string; log: Logger };
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
 * For handlers whose transaction is one statement: BEGIN, claims, statement and COMMIT travel in
 * one round trip (see RlsOptions.singleStatement in @repo/database).
 */
export const ONE_STATEMENT = { singleStatement: true } as const;
