import type { Database, Tx } from '@repo/database';
import { createMiddleware } from 'hono/factory';
import type { VerifiedUser } from '../auth/token-verifier';
import type { AuthVariables } from './auth';

type RlsOptions = Parameters<Database['rls']>[2];

/**
 * Runs `fn` in the signed-in user's RLS transaction (`db.rls(user.claims, fn, options)`). The only
 * way a /v1 route reaches the database: routes never hold the `Database`.
 */
type RlsRunner = <T>(fn: (tx: Tx) => Promise<T>, options?: RlsOptions) => Promise<T>;

/** Makes the runner of one request's user; the API's is `rlsFor(db)`, benchmarks swap in theirs. */
export type RlsRunnerFactory = (user: VerifiedUser) => RlsRunner;

export type RlsVariables = { rls: RlsRunner };

/** The runner as shipped: every query of the request inside `db.rls()` with the user's claims. */
export const rlsFor =
  (db: Database): RlsRunnerFactory =>
  (user) =>
  (fn, options) =>
    db.rls(user.claims, fn, options);

/** Puts the request's RLS runner on the context (after requireUser: it needs the verified user). */
export const withRls = (runnerFor: RlsRunnerFactory) =>
  createMiddleware<{ Variables: AuthVariables & RlsVariables }>(async (c, next) => {
    c.set('rls', runnerFor(c.get('user')));
    await next();
  });
