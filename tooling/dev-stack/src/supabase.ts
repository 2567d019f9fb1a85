import {
  type AuthOverrides,
  CLI_DEFAULT_KEYS,
  startEmbeddedSupabase,
} from '@repo/embedded-supabase';
import { LOCAL_DEFAULTS } from '@repo/local-dev';
import { assertPortsFree } from './ports';

export interface SupabaseStack {
  kind: 'running' | 'embedded';
  url: string;
  databaseUrl: string;
  publishableKey: string;
  jwtSecret: string;
  mailUrl: string;
  smtpUrl: string;
  stop(): Promise<void>;
}

export interface SupabaseOptions {
  url: string;
  databaseUrl: string;
  publishableKey: string;
  jwtSecret: string;
  /** The embedded stack's sb_secret_ key; default: the CLI's. */
  secretKey?: string;
  /** Keep the embedded stack's data here; without it the data is thrown away on stop. */
  dataDir?: string;
  /** Ephemeral ports for everything (tests running side by side). */
  ephemeralPorts?: boolean;
  /** Where the web app runs, for email links and redirects (config.toml says :3000). */
  siteUrl: string;
  /** Auth settings over config.toml for the embedded stack (e.g. confirmations on, for e2e). */
  auth?: AuthOverrides;
  log: (line: string) => void;
}

/**
 * A Supabase stack that already answers at `url` (the CLI's `supabase start`) is used as is;
 * otherwise the embedded one starts on the same ports, so nothing else needs to know which.
 */
export async function ensureSupabase(options: SupabaseOptions): Promise<SupabaseStack> {
  if (!options.ephemeralPorts && (await answers(options.url, options.publishableKey))) {
    return {
      kind: 'running',
      url: options.url,
      databaseUrl: options.databaseUrl,
      publishableKey: options.publishableKey,
      jwtSecret: options.jwtSecret,
      mailUrl: 'http://127.0.0.1:54324',
      smtpUrl: LOCAL_DEFAULTS.SMTP_URL,
      stop: async () => {},
    };
  }
  const api = new URL(options.url);
  const db = new URL(options.databaseUrl);
  if (!options.ephemeralPorts) {
    await assertPortsFree([
      { name: 'Supabase (SUPABASE_URL)', port: Number(api.port) },
      { name: 'PostgreSQL (DATABASE_URL)', port: Number(db.port) },
    ]);
  }
  const embedded = await startEmbeddedSupabase({
    dataDir: options.dataDir,
    keys: {
      jwtSecret: options.jwtSecret,
      publishable: options.publishableKey || undefined,
      secret: options.secretKey,
    },
    ports: options.ephemeralPorts
      ? { api: 0, db: 0, mail: 0, smtp: 0 }
      : { api: Number(api.port), db: Number(db.port) },
    auth: {
      siteUrl: options.siteUrl,
      additionalRedirectUrls: [`${options.siteUrl}/**`],
      ...options.auth,
    },
    log: options.log,
  });
  return {
    kind: 'embedded',
    url: embedded.url,
    databaseUrl: embedded.dbUrl,
    publishableKey: embedded.keys.publishable,
    jwtSecret: embedded.keys.jwtSecret,
    mailUrl: embedded.mailUrl,
    smtpUrl: `smtp://127.0.0.1:${embedded.smtpPort}`,
    stop: embedded.stop,
  };
}

async function answers(url: string, apikey: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/auth/v1/health', url), {
      headers: { apikey: apikey || CLI_DEFAULT_KEYS.publishable },
      signal: AbortSignal.timeout(1500),
    });
    return response.ok;
  } catch {
    return false;
  }
}
