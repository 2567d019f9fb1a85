import type { Database } from '@repo/database';
import {
  createTestDatabase,
  createWorld,
  type JwtClaims,
  type TestDatabase,
  type TestUser,
  type World,
} from '@repo/database/testing';
import { SignJWT } from 'jose';
import pino from 'pino';
import { test as base } from 'vitest';
import { createApp } from '../src/app';
import { createTokenVerifier } from '../src/auth/token-verifier';
import type { RateLimits } from '../src/http/rate-limits';
import { type JobWorker, startJobWorker } from '../src/jobs/worker';
import type { InvitationEmail, InvitationMailer } from '../src/mail/invitation-mailer';
import type { RlsRunnerFactory } from '../src/middleware/rls';

const TEST_SECRET = 'test-secret-with-at-least-32-characters!!';
const TEST_ISSUER = 'http://127.0.0.1:54321/auth/v1';

export interface TestApi {
  app: ReturnType<typeof createApp>;
  t: TestDatabase;
  /** Invitation emails the job worker sent, in order. */
  sentInvitations: InvitationEmail[];
  /** The invitation email to `to`, once the worker has sent it (after the request committed). */
  invitationTo(to: string): Promise<InvitationEmail>;
  /** Makes the next invitation email fail, as an unreachable SMTP server would. */
  failNextInvitation(): void;
  request(
    method: string,
    path: string,
    options?: {
      as?: TestUser | string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    },
    // biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** A Supabase-shaped access token for `claims`, signed like the local stack signs them. */
export async function signToken(claims: JwtClaims, secret = TEST_SECRET): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

/** The real app over `db`, configured as in the tests (HS256 tokens, 16 KiB bodies). */
export function appFor(
  db: Database,
  options: { rateLimits?: RateLimits; rls?: RlsRunnerFactory } = {},
) {
  return createApp({
    db,
    rls: options.rls,
    verifyToken: createTokenVerifier({
      jwtSecret: TEST_SECRET,
      jwksUrl: new URL('http://127.0.0.1:9/auth/v1/.well-known/jwks.json'),
      issuer: TEST_ISSUER,
      audience: 'authenticated',
    }),
    logger: pino({ level: 'silent' }),
    corsOrigins: ['http://127.0.0.1:3000'],
    bodyLimitBytes: 16 * 1024,
    rateLimits: options.rateLimits,
  });
}

/**
 * The real app on a fresh migrated database, with the real job worker. Tokens are HS256 like the
 * local Supabase stack's; the worker's mailer records instead of sending (tests of the SMTP path
 * give the worker a real mailer).
 */
export async function createTestApi(
  options: {
    poolMax?: number;
    lanes?: number;
    rateLimits?: RateLimits;
    /** A real mailer for the worker instead of the recording one (sentInvitations stays empty). */
    mailer?: InvitationMailer;
    jobConcurrency?: number;
  } = {},
): Promise<TestApi> {
  const t = await createTestDatabase(options);
  const sentInvitations: InvitationEmail[] = [];
  let failNext = false;
  const recorder: InvitationMailer = async (email) => {
    if (failNext) {
      failNext = false;
      throw new Error('SMTP connection refused');
    }
    sentInvitations.push(email);
  };
  const worker: JobWorker = await startJobWorker({
    databaseUrl: t.url,
    concurrency: options.jobConcurrency ?? 1,
    mailer: options.mailer ?? recorder,
    webUrl: 'http://127.0.0.1:3000',
    logger: pino({ level: 'silent' }),
    pollIntervalMs: 200,
  });
  const app = appFor(t.db, options);
  return {
    app,
    t,
    sentInvitations,
    async invitationTo(to) {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        const email = sentInvitations.findLast((sent) => sent.to === to);
        if (email) return email;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no invitation email to ${to} within 20 s`);
    },
    failNextInvitation: () => {
      failNext = true;
    },
    async request(method, path, { as, body, rawBody, headers = {} } = {}) {
      const token = typeof as === 'string' ? as : as ? await signToken(as.claims) : undefined;
      const response = await app.request(path, {
        method,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(body !== undefined || rawBody !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
          ...headers,
        },
        body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
        headers: response.headers,
      };
    },
    close: async () => {
      await worker.stop();
      await t.drop();
    },
  };
}

/** `test` for route suites: `api` (app + database) for the whole file, a fresh `w` per test. */
export const apiTest = base.extend<{ api: TestApi; w: World }>({
  api: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads fixture dependencies from this pattern
    async ({}, use) => {
      const api = await createTestApi();
      await use(api);
      await api.close();
    },
    { scope: 'file' },
  ],
  w: async ({ api }, use) => {
    await use(await createWorld(api.t.sql));
  },
});
