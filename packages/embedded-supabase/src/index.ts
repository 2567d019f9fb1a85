import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { freePort, startEmbeddedPostgres } from '@repo/local-dev';
import type { JWK, JWTPayload } from 'jose';
import postgres from 'postgres';
import { createAuthApp, createAuthLimits, createMailer } from './auth';
import { type ConfigOverrides, type EmbeddedConfig, loadConfig } from './config';
import { createGateway, realtimeUpgradeHandler } from './gateway';
import { createJwtKeys } from './jwt';
import { type ApiKeys, resolveApiKeys } from './keys';
import { lockDataDir } from './lock';
import { startMailCatcher } from './mail';
import { closeHttpServer, listenOnLoopback } from './net';
import { createRealtime, type Realtime } from './realtime';
import { startDataApi } from './rest';
import { readOrCreateSigningKeys } from './signing-keys';

export type { AuthOverrides, AuthSettings, EmbeddedConfig, Ports, RateLimits } from './config';
export { LIFTED_RATE_LIMITS } from './config';
export { type ApiKeys, CLI_DEFAULT_KEYS } from './keys';
export { type MailCatcher, startMailCatcher } from './mail';

export interface EmbeddedSupabaseOptions extends ConfigOverrides {
  /** Folder kept across restarts. Default: a temporary folder deleted on stop. */
  dataDir?: string;
  /** The JWT secret (anon/service_role keys are signed with it) and the sb_ keys. */
  keys?: Partial<Pick<ApiKeys, 'jwtSecret' | 'publishable' | 'secret'>>;
  /** false: no Realtime (websocket and /realtime/v1/api answer 503). */
  realtime?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedSupabase {
  /** The gateway, e.g. http://127.0.0.1:54321 (`/auth/v1`, `/realtime/v1`, `/rest/v1`). */
  url: string;
  /** Superuser connection string of the embedded PostgreSQL. */
  dbUrl: string;
  /** Mail viewer and Mailpit-compatible /api/v1. */
  mailUrl: string;
  smtpPort: number;
  keys: ApiKeys;
  config: EmbeddedConfig;
  /** Verifies the tokens this stack issues (HS256 secret or a published signing key) and returns their claims. */
  verifyJwt(token: string): Promise<JWTPayload>;
  stop(): Promise<void>;
}

/**
 * Local Supabase without Docker: PostgreSQL, GoTrue-compatible Auth, Realtime and a Mailpit-like
 * mail catcher behind one Kong-like gateway, on the CLI's ports and keys unless told otherwise.
 * For development and tests only: it listens on 127.0.0.1 and refuses NODE_ENV=production.
 */
export async function startEmbeddedSupabase(
  options: EmbeddedSupabaseOptions = {},
): Promise<EmbeddedSupabase> {
  // biome-ignore lint/style/noProcessEnv: a safety stop, read where it guards, not configuration.
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'The embedded Supabase refuses to start with NODE_ENV=production: it is a development and ' +
        'test stand-in (public demo keys, loopback only). Point the app at a hosted Supabase project.',
    );
  }
  const log = options.log ?? (() => {});
  const config = loadConfig(options);
  const temporary = !options.dataDir;
  const dataDir = options.dataDir
    ? resolve(options.dataDir)
    : mkdtempSync(join(tmpdir(), 'embedded-supabase-'));
  mkdirSync(dataDir, { recursive: true });
  const teardown = new Teardown(log);
  if (temporary) teardown.add(() => rmSync(dataDir, { recursive: true, force: true }));
  teardown.add(lockDataDir(dataDir));

  try {
    const keys = await resolveApiKeys({ jwtSecret: config.jwtSecret, ...options.keys });
    const api = createServer();
    const apiPort = await listenOnLoopback(api, config.ports.api);
    teardown.add(() => closeHttpServer(api));
    const url = `http://127.0.0.1:${apiPort}`;

    const [database, mail] = await Promise.all([
      startEmbeddedPostgres({
        dataDir: join(dataDir, 'postgres'),
        port: config.ports.db || (await freePort()),
        // A throwaway cluster trades durability for speed; a kept one stays crash-safe.
        // synchronous_commit stays on: Realtime's walsender only streams flushed WAL, so
        // turning it off would delay every change by the WAL writer's interval.
        settings: temporary ? { fsync: 'off', full_page_writes: 'off' } : {},
        log,
      }),
      startMailCatcher({ http: config.ports.mail, smtp: config.ports.smtp }),
    ]);
    teardown.add(() => database.stop());
    teardown.add(() => mail.stop());

    // fetch_types off: the driver's per-connection array-type lookup drops its promise, so a
    // connection killed while it runs would be an unhandled rejection. Auth reads no arrays.
    const sql = postgres(database.url, { max: 10, fetch_types: false, onnotice: () => {} });
    teardown.add(() => sql.end({ timeout: 5 }));
    const jwt = await createJwtKeys({
      jwtSecret: keys.jwtSecret,
      signingKeys: await signingKeysFor(config.auth, dataDir, log),
    });
    // The embedded PostgreSQL has Supabase's roles, auth schema and publication already.
    const realtime =
      options.realtime === false ? undefined : await startRealtime(database.url, jwt.verify, log);
    if (realtime) teardown.add(() => realtime.close());

    const externalUrl = `${url}/auth/v1`;
    const auth = createAuthApp({
      sql,
      settings: config.auth,
      jwt,
      externalUrl,
      issuer: config.auth.jwtIssuer ?? externalUrl,
      mailer: createMailer({ store: mail.store, settings: config.auth, externalUrl }),
      limits: createAuthLimits(config.auth.rateLimits),
      log,
    });

    const rest = await startDataApi({
      databaseUrl: database.url,
      settings: config.api,
      verifyJwt: jwt.verify,
      log,
    });
    teardown.add(() => rest.close());
    const gateway = createGateway({ keys, auth, realtimeApi: realtime?.api, rest: rest.app });
    api.on('request', getRequestListener(gateway.fetch, { overrideGlobalObjects: false }));
    api.on('upgrade', realtimeUpgradeHandler(keys, realtime));
    log(`embedded Supabase: API ${url}, DB ${database.url}, mail ${mail.url}`);

    return {
      url,
      dbUrl: database.url,
      mailUrl: mail.url,
      smtpPort: mail.smtpPort,
      keys,
      config,
      verifyJwt: jwt.verify,
      stop: () => teardown.run(),
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

/**
 * The asymmetric keys user tokens are signed with: the configured key file, else one kept in the
 * data folder (docs/decisions/028-asymmetric-signing-keys.md); none for the legacy HS256 setup.
 */
async function signingKeysFor(
  auth: EmbeddedConfig['auth'],
  dataDir: string,
  log: (line: string) => void,
): Promise<JWK[] | undefined> {
  const algorithm = auth.signingAlgorithm;
  if (algorithm === 'HS256') return undefined;
  const path = auth.signingKeysPath ?? join(dataDir, 'signing_keys.json');
  return readOrCreateSigningKeys(path, algorithm, log);
}

/** Realtime is optional: if it cannot start, Auth and mail still serve and the reason is logged. */
async function startRealtime(
  databaseUrl: string,
  verifyJwt: (token: string) => Promise<JWTPayload>,
  log: (line: string) => void,
): Promise<Realtime | undefined> {
  try {
    return await createRealtime({ databaseUrl, verifyJwt, log });
  } catch (error) {
    log(`embedded Supabase: Realtime unavailable (${(error as Error).message})`);
    return undefined;
  }
}

/** Undoes start-up in reverse order, once, even when a step fails. */
class Teardown {
  private steps: Array<() => unknown> = [];
  private done: Promise<void> | undefined;

  constructor(private readonly log: (line: string) => void) {}

  add(step: () => unknown): void {
    this.steps.push(step);
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          this.log(`embedded Supabase: stop step failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.done;
  }
}
