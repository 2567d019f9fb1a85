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

// In production none of the local stack's values may be used (they are not defaults here: local
// commands get them from @repo/local-dev), no variable may hold the Supabase CLI's public demo
// secrets, and /metrics needs its token. Checked first, so every such problem is named at once.
if (process.env.NODE_ENV === 'production') {
  const problems = productionEnvProblems(process.env, [
    'SUPABASE_URL',
    'DATABASE_URL',
    'WEB_URL',
    'SMTP_URL',
  ]);
  if (!process.env.METRICS_TOKEN) {
    problems.push('METRICS_TOKEN is not set, so /metrics would be public');
  }
  refuseToStart(problems);
}

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
    SUPABASE_URL: z.url(),
    /** HS256 secret of the project (legacy JWT secret). Leave unset to accept JWKS-signed tokens only. */
    SUPABASE_JWT_SECRET: z.string().min(32).optional(),
    /** Defaults to `${SUPABASE_URL}/auth/v1`, what Supabase Auth writes into `iss`. */
    SUPABASE_JWT_ISSUER: z.url().optional(),
    SUPABASE_JWT_AUDIENCE: z.string().default('authenticated'),
    /** Browser origins allowed to call the API directly (the web app calls it server-side). */
    CORS_ORIGINS: commaList.default([]),
    /** Where links in emails point (invitation acceptance page). */
    WEB_URL: z.url(),
    /** Outgoing mail (locally: the mail catcher of the Supabase CLI or the embedded stack). */
    SMTP_URL: z.url(),
    MAIL_FROM: z.string().default('SaaS Starter <no-reply@example.com>'),
    /** Connection, greeting and socket timeout of each SMTP attempt; a failed send is retried. */
    SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** Jobs (emails) this process runs at once; 0 runs no worker here (see `pnpm worker`). */
    JOBS_CONCURRENCY: z.coerce.number().int().min(0).max(100).default(2),
    /**
     * The job worker's connection (LISTEN/NOTIFY and its own locks): a direct or session-pooler
     * URL, never a transaction pooler. Defaults to DATABASE_URL.
     */
    JOBS_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** Requests per user per minute across every replica (0: no limit). */
    RATE_LIMIT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    /** Invitations one user may send per hour, across their orgs. */
    RATE_LIMIT_INVITATIONS_PER_USER_PER_HOUR: z.coerce.number().int().min(1).default(20),
    /** Invitations one org may send per hour, whoever sends them. */
    RATE_LIMIT_INVITATIONS_PER_ORG_PER_HOUR: z.coerce.number().int().min(1).default(50),
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

export type Env = typeof env;
