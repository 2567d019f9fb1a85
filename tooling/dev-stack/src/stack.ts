import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '@repo/database/migrator';
import type { AuthOverrides } from '@repo/embedded-supabase';
import { findRepoRoot, freePort, localSupabaseDataDir } from '@repo/local-dev';
import postgres from 'postgres';
import { apiLogFormatter, webLogFormatter } from './app-output';
import { type AppProcess, runPackageScript, waitForHttp } from './apps';
import { readLocalEnv } from './local-env';
import { assertPortsFree } from './ports';
import type { Reaper } from './reaper';
import { seedDemoDataIfEmpty } from './seed';
import { ensureSupabase, type SupabaseStack } from './supabase';

export interface StackOptions {
  /** Throwaway data and ephemeral ports (tests); otherwise .data/ and the configured ports. */
  ephemeral?: boolean;
  /** Which web script to run: `dev` (pnpm dev) or `start` (a production build, for e2e). */
  webScript?: 'dev' | 'start' | false;
  /** Which API script to run: `dev` (tsx watch) or `start` (the built tree, NODE_ENV=production). */
  apiScript?: 'dev' | 'start';
  /** Extra variables for the API (with `start`, production needs METRICS_TOKEN). */
  apiEnv?: Record<string, string>;
  /** Auth settings for the embedded Supabase over config.toml (e.g. `enableConfirmations`). */
  supabaseAuth?: AuthOverrides;
  log?: (line: string) => void;
  /** Aborted (Ctrl-C during start-up): stop what has started and reject. */
  signal?: AbortSignal;
  /** Stops the app servers should the process running the stack die without stopping them. */
  reaper?: Reaper;
}

export interface Stack {
  supabase: SupabaseStack;
  apiUrl: string;
  webUrl: string | undefined;
  /** Demo users created on first start, if the database had none. */
  seeded: string | undefined;
  stop(): Promise<void>;
}

/**
 * The whole app, the way `pnpm dev` runs it: Supabase (the CLI's if it answers, else the
 * embedded one), migrations, demo data on an empty database, then the API and the web app with
 * the environment that ties them together.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? console.log;
  const env = readLocalEnv();
  const root = findRepoRoot();
  const processes: AppProcess[] = [];
  const apiPort = options.ephemeral ? await freePort() : Number(env.API_PORT);
  const webPort = options.ephemeral ? await freePort() : Number(env.WEB_PORT);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  if (!options.ephemeral) {
    await assertPortsFree([
      { name: 'the API (API_PORT)', port: apiPort },
      { name: 'the web app (WEB_PORT)', port: webPort },
    ]);
  }
  // A throwaway stack gets keys of its own rather than the CLI's public ones: the web app runs
  // `next start` (NODE_ENV=production) in e2e, and production refuses the demo keys.
  const keys = options.ephemeral ? freshKeys() : undefined;
  const supabase = await ensureSupabase({
    url: env.SUPABASE_URL,
    databaseUrl: env.DATABASE_URL,
    publishableKey: keys?.publishable ?? env.SUPABASE_PUBLISHABLE_KEY,
    jwtSecret: keys?.jwtSecret ?? env.SUPABASE_JWT_SECRET,
    secretKey: keys?.secret,
    dataDir: options.ephemeral ? undefined : env.DEV_DATA_DIR || localSupabaseDataDir(),
    ephemeralPorts: options.ephemeral,
    siteUrl: webUrl,
    auth: options.supabaseAuth,
    log: () => {},
  });
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await supabase.stop();
  };
  try {
    options.signal?.throwIfAborted();
    const sql = postgres(supabase.databaseUrl, { max: 2, onnotice: () => {} });
    let seeded: string | undefined;
    try {
      log((await migrate(sql, { jobQueueUrl: supabase.databaseUrl })).report);
      seeded = await seedDemoDataIfEmpty(sql);
    } finally {
      await sql.end();
    }
    options.signal?.throwIfAborted();

    const appEnv: NodeJS.ProcessEnv = {
      ...env,
      SUPABASE_URL: supabase.url,
      SUPABASE_JWT_SECRET: supabase.jwtSecret,
      DATABASE_URL: supabase.databaseUrl,
      SUPABASE_PUBLISHABLE_KEY: supabase.publishableKey,
      API_URL: apiUrl,
      WEB_URL: webUrl,
      CORS_ORIGINS: [webUrl, webUrl.replace('127.0.0.1', 'localhost')].join(','),
      SMTP_URL: supabase.smtpUrl,
    };

    const apiScript = options.apiScript ?? 'dev';
    processes.push(
      runPackageScript({
        name: 'api',
        packageName: '@repo/api',
        script: apiScript,
        env: {
          ...appEnv,
          HOST: '127.0.0.1',
          PORT: String(apiPort),
          ...(apiScript === 'start' && { NODE_ENV: 'production' }),
          ...options.apiEnv,
        },
        cwd: root,
        log,
        format: apiLogFormatter({ colorize: Boolean(process.stdout.isTTY) }),
        reaper: options.reaper,
      }),
    );
    const webScript = options.webScript ?? 'dev';
    const hasWeb = webScript && existsSync(join(root, 'apps', 'web', 'package.json'));
    if (hasWeb) {
      processes.push(
        runPackageScript({
          name: 'web',
          packageName: '@repo/web',
          script: webScript,
          env: { ...appEnv, HOSTNAME: '127.0.0.1', PORT: String(webPort) },
          cwd: root,
          log,
          format: webLogFormatter(),
          reaper: options.reaper,
        }),
      );
    }
    await waitForHttp(`${apiUrl}/healthz`, 60_000, options.signal);
    if (hasWeb) await waitForHttp(webUrl, 180_000, options.signal);
    return { supabase, apiUrl, webUrl: hasWeb ? webUrl : undefined, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Random project keys in Supabase's formats. */
function freshKeys() {
  const random = (bytes: number) => randomBytes(bytes).toString('base64url');
  return {
    jwtSecret: random(32),
    publishable: `sb_publishable_${random(22)}`,
    secret: `sb_secret_${random(22)}`,
  };
}
