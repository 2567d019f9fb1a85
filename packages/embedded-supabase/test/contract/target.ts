import {
  type EmbeddedSupabaseOptions,
  LIFTED_RATE_LIMITS,
  startEmbeddedSupabase,
} from '../../src/index';
import { CLI_DEFAULT_KEYS } from '../../src/keys';

/** What a contract test talks to: an embedded instance, or a running stack such as `supabase start`. */
export interface Target {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  publishableKey: string;
  secretKey: string;
  jwtSecret: string;
  mailUrl: string;
  /** The mail catcher's SMTP port (config.toml `[inbucket] smtp_port`). */
  smtpPort: number;
  dbUrl: string;
  /** true for the embedded stand-in, false for a stack named by SUPABASE_URL. */
  embedded: boolean;
  /** Seconds a rotated refresh token may still be reused (config.toml `refresh_token_reuse_interval`). */
  refreshTokenReuseInterval: number;
  stop(): Promise<void>;
}

export interface TargetOptions {
  /** Settings for the embedded instance; a running stack keeps its own configuration. */
  embedded?: EmbeddedSupabaseOptions;
}

/** Whether getTarget() starts the embedded stand-in (no SUPABASE_URL), known before it starts. */
export function targetsEmbedded(): boolean {
  return !process.env.SUPABASE_URL;
}

/**
 * Without SUPABASE_URL: a fresh embedded instance on ephemeral ports (its own temporary data
 * folder), so test files run in parallel. With SUPABASE_URL: that running stack, with the CLI's
 * default keys unless SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY, SUPABASE_PUBLISHABLE_KEY,
 * SUPABASE_SECRET_KEY, SUPABASE_JWT_SECRET, SUPABASE_MAIL_URL, SUPABASE_SMTP_PORT, SUPABASE_DB_URL
 * or SUPABASE_REFRESH_TOKEN_REUSE_INTERVAL say otherwise; stop() leaves it running.
 */
export async function getTarget(options: TargetOptions = {}): Promise<Target> {
  const env = process.env;
  if (env.SUPABASE_URL) {
    return {
      url: env.SUPABASE_URL.replace(/\/+$/, ''),
      anonKey: env.SUPABASE_ANON_KEY ?? CLI_DEFAULT_KEYS.anon,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY ?? CLI_DEFAULT_KEYS.serviceRole,
      publishableKey: env.SUPABASE_PUBLISHABLE_KEY ?? CLI_DEFAULT_KEYS.publishable,
      secretKey: env.SUPABASE_SECRET_KEY ?? CLI_DEFAULT_KEYS.secret,
      jwtSecret: env.SUPABASE_JWT_SECRET ?? CLI_DEFAULT_KEYS.jwtSecret,
      mailUrl: (env.SUPABASE_MAIL_URL ?? 'http://127.0.0.1:54324').replace(/\/+$/, ''),
      smtpPort: Number(env.SUPABASE_SMTP_PORT ?? 54325),
      dbUrl: env.SUPABASE_DB_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54322/postgres',
      embedded: false,
      refreshTokenReuseInterval: Number(env.SUPABASE_REFRESH_TOKEN_REUSE_INTERVAL ?? 10),
      stop: async () => {},
    };
  }

  const embeddedOptions = options.embedded ?? {};
  const instance = await startEmbeddedSupabase({
    ...embeddedOptions,
    ports: { api: 0, db: 0, mail: 0, smtp: 0, ...embeddedOptions.ports },
    // The suites sign in far more often than config.toml's per-IP limits allow from one address;
    // rate-limits.test.ts proves the limits with its own settings.
    auth: {
      ...embeddedOptions.auth,
      rateLimits: { ...LIFTED_RATE_LIMITS, ...embeddedOptions.auth?.rateLimits },
    },
  });
  return {
    url: instance.url,
    anonKey: instance.keys.anon,
    serviceRoleKey: instance.keys.serviceRole,
    publishableKey: instance.keys.publishable,
    secretKey: instance.keys.secret,
    jwtSecret: instance.keys.jwtSecret,
    mailUrl: instance.mailUrl,
    smtpPort: instance.smtpPort,
    dbUrl: instance.dbUrl,
    embedded: true,
    refreshTokenReuseInterval: instance.config.auth.refreshTokenReuseInterval,
    stop: () => instance.stop(),
  };
}
