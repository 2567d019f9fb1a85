import { databaseEnvShape } from '@repo/database';
import { createEnv } from '@t3-oss/env-core';
import { z } from 'zod';
import { productionEnvProblems, refuseToStart } from './production-env';

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/**
 * The API's whole configuration, validated once at start-up: a missing or malformed value stops
 * the process with a message naming it. Nothing else in the API reads process.env.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(1).max(65535).default(4000),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    ...databaseEnvShape,
    /** Supabase project URL: the JWKS (asymmetric keys) and the token issuer derive from it. */
    SUPABASE_URL: z.url().default('http://127.0.0.1:54321'),
    /** HS256 secret of the project (legacy JWT secret). Leave unset to accept JWKS-signed tokens only. */
    SUPABASE_JWT_SECRET: z.string().min(32).optional(),
    /** Defaults to `${SUPABASE_URL}/auth/v1`, what Supabase Auth writes into `iss`. */
    SUPABASE_JWT_ISSUER: z.url().optional(),
    SUPABASE_JWT_AUDIENCE: z.string().default('authenticated'),
    /** Browser origins allowed to call the API directly (the web app calls it server-side). */
    CORS_ORIGINS: commaList.default(['http://127.0.0.1:3000', 'http://localhost:3000']),
    /** Where links in emails point (invitation acceptance page). */
    WEB_URL: z.url().default('http://127.0.0.1:3000'),
    /** Outgoing mail; the default is the local mail catcher (Supabase CLI's or the embedded one). */
    SMTP_URL: z.url().default('smtp://127.0.0.1:54325'),
    MAIL_FROM: z.string().default('SaaS Starter <no-reply@example.com>'),
    /** When set, GET /metrics requires "Authorization: Bearer <METRICS_TOKEN>". */
    METRICS_TOKEN: z.string().min(16).optional(),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(64 * 1024),
    /** Override where the shipped migrations are read from (container images). */
    MIGRATIONS_DIR: z.string().optional(),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});

// In production none of the local defaults above may be used, no variable may hold the Supabase
// CLI's public demo secrets, and /metrics needs its token.
if (env.NODE_ENV === 'production') {
  const problems = productionEnvProblems(process.env, [
    'SUPABASE_URL',
    'DATABASE_URL',
    'WEB_URL',
    'SMTP_URL',
  ]);
  if (!env.METRICS_TOKEN) {
    problems.push('METRICS_TOKEN is not set, so /metrics would be public');
  }
  refuseToStart(problems);
}

export type Env = typeof env;
