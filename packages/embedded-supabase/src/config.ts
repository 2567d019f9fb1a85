import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';

const EMAIL_KINDS = [
  'confirmation',
  'magic_link',
  'recovery',
  'invite',
  'email_change',
  'reauthentication',
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export type PasswordRequirements =
  | ''
  | 'letters_digits'
  | 'lower_upper_letters_digits'
  | 'lower_upper_letters_digits_symbols';

interface EmailTemplate {
  subject: string;
  /** Go-template HTML, as GoTrue renders it. */
  content: string;
}

/**
 * `[auth.rate_limit]` of config.toml, as GoTrue applies them (see src/auth/rate-limit.ts). Per-IP
 * limits allow a burst of 30 (anonymous sign-ins: the whole hourly number), then refill evenly.
 */
export interface RateLimits {
  /** Emails sent per hour, by the whole instance. */
  emailSent: number;
  /** Anonymous sign-ins per hour per IP. */
  anonymousUsers: number;
  /** Token grants (password sign-in, refresh, PKCE exchange) per 5 minutes per IP. */
  tokenRefresh: number;
  /** Sign-ups, magic links/OTPs, recoveries, resends and user updates per 5 minutes per IP, each. */
  signInSignUps: number;
  /** Email code and link verifications per 5 minutes per IP. */
  tokenVerifications: number;
  /** Web3 sign-ins per 5 minutes per IP (the grant is not served; kept for config parity). */
  web3: number;
}

export interface AuthSettings {
  siteUrl: string;
  additionalRedirectUrls: string[];
  /** Access-token lifetime in seconds. */
  jwtExpiry: number;
  /** `iss` of user tokens; defaults to `<api url>/auth/v1`. */
  jwtIssuer?: string;
  enableSignup: boolean;
  enableEmailSignup: boolean;
  enableAnonymousSignIns: boolean;
  /** false = the CLI's local default: sign-ups are confirmed at once. */
  enableConfirmations: boolean;
  doubleConfirmChanges: boolean;
  enableRefreshTokenRotation: boolean;
  /** Seconds a rotated refresh token may still be used. */
  refreshTokenReuseInterval: number;
  minimumPasswordLength: number;
  passwordRequirements: PasswordRequirements;
  /** Minimum seconds between two emails of one kind to one user. */
  maxFrequency: number;
  otpLength: number;
  /** Seconds an email link or code stays valid. */
  otpExpiry: number;
  /**
   * How user tokens are signed. ES256 (the default, as a new hosted project) or RS256: with the
   * keys of `signingKeysPath`, or a key of that algorithm generated once into the data folder.
   * HS256: the shared JWT secret, the legacy setup (the JWKS is then empty).
   */
  signingAlgorithm: 'HS256' | 'ES256' | 'RS256';
  /**
   * A JSON array of JWKs as `supabase gen signing-key` writes it (config.toml `[auth]
   * signing_keys_path`): the first private key signs, all verify. Created with one new key when
   * missing.
   */
  signingKeysPath?: string;
  /** `[auth.email] secure_password_change`: a password change needs a recent sign-in or a nonce. */
  securePasswordChange: boolean;
  /** `[auth] enable_manual_linking`: users may link identities themselves (linkIdentity). */
  enableManualLinking: boolean;
  sender: { email: string; name: string };
  templates: Record<EmailKind, EmailTemplate>;
  rateLimits: RateLimits;
  /**
   * GoTrue's GOTRUE_RATE_LIMIT_HEADER: per-IP limits key on the first value of this header (e.g.
   * `X-Forwarded-For` behind a proxy that sets it). Unset or empty: the connection's address.
   */
  rateLimitHeader?: string;
  /** `[auth.mfa]`: how many factors a user may enrol, and whether TOTP can be enrolled/verified. */
  mfa: MfaSettings;
}

interface MfaSettings {
  maxEnrolledFactors: number;
  totpEnrollEnabled: boolean;
  totpVerifyEnabled: boolean;
}

export interface Ports {
  api: number;
  db: number;
  mail: number;
  smtp: number;
}

/** config.toml `[api]`: what the Data API (`/rest/v1`) exposes. */
export interface DataApiSettings {
  /** Schemas served; the first is the default (PostgREST's db-schemas). */
  schemas: string[];
  /** Appended to each request's search_path (PostgREST's db-extra-search-path). */
  extraSearchPath: string[];
  /** Upper bound on rows a read returns (PostgREST's db-max-rows); 0 = none. */
  maxRows: number;
  /**
   * How a request's transaction ends (PostgREST's db-tx-end): `commit` as on Supabase, or
   * `rollback`; `-allow-override` lets `Prefer: tx=commit|rollback` choose. Not in config.toml.
   */
  txEnd: 'commit' | 'commit-allow-override' | 'rollback' | 'rollback-allow-override';
}

export interface EmbeddedConfig {
  ports: Ports;
  api: DataApiSettings;
  jwtSecret?: string;
  auth: AuthSettings;
  /** The config.toml that was read, if any. */
  configPath?: string;
}

export type AuthOverrides = Partial<Omit<AuthSettings, 'templates' | 'sender' | 'rateLimits'>> & {
  rateLimits?: Partial<RateLimits>;
};

export interface ConfigOverrides {
  /** Path of a Supabase CLI config.toml; false skips it. Default: supabase/config.toml upward from cwd. */
  configPath?: string | false;
  ports?: Partial<Ports>;
  auth?: AuthOverrides;
  api?: Partial<DataApiSettings>;
}

/** GoTrue's built-in templates (internal/mailer/templatemailer), used when config.toml has none. */
const GOTRUE_TEMPLATES: Record<EmailKind, EmailTemplate> = {
  confirmation: {
    subject: 'Confirm your email address',
    content:
      '<h2>Confirm your email address</h2>\n\n<p>Follow the link below to confirm this email address and finish signing up.</p>\n<p><a href="{{ .ConfirmationURL }}">Confirm email address</a></p>\n',
  },
  magic_link: {
    subject: 'Your sign-in link',
    content:
      '<h2>Your sign-in link</h2>\n\n<p>Follow the link below to sign in. This link expires shortly and can only be used once.</p>\n<p><a href="{{ .ConfirmationURL }}">Sign in</a></p>',
  },
  recovery: {
    subject: 'Reset your password',
    content:
      '<h2>Reset your password</h2>\n\n<p>We received a request to reset your password. Follow the link below to choose a new one.</p>\n<p><a href="{{ .ConfirmationURL }}">Reset password</a></p>\n<p>If you didn\'t request this, you can safely ignore this email.</p>',
  },
  invite: {
    subject: "You've been invited",
    content:
      '<h2>You\'ve been invited</h2>\n\n<p>You\'ve been invited to create an account. Follow the link below to accept.</p>\n<p><a href="{{ .ConfirmationURL }}">Accept invitation</a></p>',
  },
  email_change: {
    subject: 'Confirm your new email address',
    content:
      '<h2>Confirm your new email address</h2>\n\n<p>Follow the link below to confirm {{ .NewEmail }} as your new email address.</p>\n<p><a href="{{ .ConfirmationURL }}">Confirm new email address</a></p>\n<p>If you didn\'t request this change, you can safely ignore this email.</p>',
  },
  reauthentication: {
    subject: 'Confirm reauthentication',
    content: '<h2>Confirm reauthentication</h2>\n\n<p>Enter the code: {{ .Token }}</p>',
  },
};

/** The Supabase CLI's defaults (docs/supabase-compatibility.md §0), for when there is no config.toml. */
export const CLI_DEFAULTS: Omit<EmbeddedConfig, 'configPath'> = {
  ports: { api: 54321, db: 54322, mail: 54324, smtp: 54325 },
  api: {
    schemas: ['public', 'graphql_public'],
    extraSearchPath: ['public', 'extensions'],
    maxRows: 1000,
    txEnd: 'commit',
  },
  auth: {
    siteUrl: 'http://127.0.0.1:3000',
    additionalRedirectUrls: ['https://127.0.0.1:3000'],
    jwtExpiry: 3600,
    enableSignup: true,
    enableEmailSignup: true,
    enableAnonymousSignIns: false,
    enableConfirmations: false,
    doubleConfirmChanges: true,
    enableRefreshTokenRotation: true,
    refreshTokenReuseInterval: 10,
    minimumPasswordLength: 6,
    passwordRequirements: '',
    maxFrequency: 1,
    otpLength: 6,
    otpExpiry: 3600,
    signingAlgorithm: 'ES256',
    securePasswordChange: false,
    enableManualLinking: false,
    sender: { email: 'admin@email.com', name: '' },
    templates: GOTRUE_TEMPLATES,
    // GoTrue's defaults (GOTRUE_MFA_*): TOTP on, as on a hosted project.
    mfa: { maxEnrolledFactors: 10, totpEnrollEnabled: true, totpVerifyEnabled: true },
    // GoTrue's defaults (GOTRUE_RATE_LIMIT_*).
    rateLimits: {
      emailSent: 30,
      anonymousUsers: 30,
      tokenRefresh: 150,
      signInSignUps: 30,
      tokenVerifications: 30,
      web3: 30,
    },
  },
};

/** Limits high enough never to trip: for test suites that sign in hundreds of times from one address. */
export const LIFTED_RATE_LIMITS: RateLimits = {
  emailSent: 1e9,
  anonymousUsers: 1e9,
  tokenRefresh: 1e9,
  signInSignUps: 1e9,
  tokenVerifications: 1e9,
  web3: 1e9,
};

const port = z.number().int().min(0).max(65535);
const tomlSchema = z.object({
  api: z
    .object({
      port,
      schemas: z.array(z.string()),
      extra_search_path: z.array(z.string()),
      max_rows: z.number().int().min(0),
    })
    .partial()
    .optional(),
  db: z.object({ port }).partial().optional(),
  inbucket: z.object({ port, smtp_port: port }).partial().optional(),
  auth: z
    .object({
      site_url: z.string(),
      additional_redirect_urls: z.array(z.string()),
      jwt_expiry: z.number().int().positive(),
      jwt_secret: z.string(),
      jwt_issuer: z.string(),
      enable_signup: z.boolean(),
      enable_anonymous_sign_ins: z.boolean(),
      enable_manual_linking: z.boolean(),
      enable_refresh_token_rotation: z.boolean(),
      refresh_token_reuse_interval: z.number().int().min(0),
      minimum_password_length: z.number().int().min(0),
      password_requirements: z.enum([
        '',
        'letters_digits',
        'lower_upper_letters_digits',
        'lower_upper_letters_digits_symbols',
      ]),
      signing_keys_path: z.string(),
      mfa: z
        .object({
          max_enrolled_factors: z.number().int().min(0),
          totp: z.object({ enroll_enabled: z.boolean(), verify_enabled: z.boolean() }).partial(),
        })
        .partial(),
      rate_limit: z
        .object({
          email_sent: z.number().min(0),
          sms_sent: z.number().min(0),
          anonymous_users: z.number().min(0),
          token_refresh: z.number().min(0),
          sign_in_sign_ups: z.number().min(0),
          token_verifications: z.number().min(0),
          web3: z.number().min(0),
        })
        .partial(),
      email: z
        .object({
          enable_signup: z.boolean(),
          enable_confirmations: z.boolean(),
          double_confirm_changes: z.boolean(),
          secure_password_change: z.boolean(),
          max_frequency: z.string(),
          otp_length: z.number().int().min(6).max(10),
          otp_expiry: z.number().int().positive(),
          smtp: z.object({ admin_email: z.string(), sender_name: z.string() }).partial(),
          template: z.record(
            z.string(),
            z.object({ subject: z.string(), content_path: z.string() }).partial(),
          ),
        })
        .partial(),
    })
    .partial()
    .optional(),
});
type TomlConfig = z.infer<typeof tomlSchema>;

/** Built-in defaults ← config.toml ← programmatic overrides. */
export function loadConfig(overrides: ConfigOverrides = {}): EmbeddedConfig {
  const configPath =
    overrides.configPath === false
      ? undefined
      : overrides.configPath
        ? resolve(overrides.configPath)
        : findConfigUpward(process.cwd());
  const fromFile = configPath ? fromToml(configPath) : CLI_DEFAULTS;
  return {
    ...fromFile,
    ports: { ...fromFile.ports, ...overrides.ports },
    api: { ...fromFile.api, ...overrides.api },
    auth: {
      ...fromFile.auth,
      ...overrides.auth,
      rateLimits: { ...fromFile.auth.rateLimits, ...overrides.auth?.rateLimits },
    },
    configPath,
  };
}

function findConfigUpward(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'supabase', 'config.toml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function fromToml(configPath: string): Omit<EmbeddedConfig, 'configPath'> {
  const parsed = tomlSchema.safeParse(substituteEnv(parseToml(readFileSync(configPath, 'utf8'))));
  if (!parsed.success) {
    throw new Error(`Invalid ${configPath}: ${z.prettifyError(parsed.error)}`);
  }
  const toml: TomlConfig = parsed.data;
  // The CLI resolves content_path from the project root (the folder holding supabase/) and
  // signing_keys_path from the supabase/ folder.
  const supabaseDir = dirname(configPath);
  const projectRoot = dirname(supabaseDir);
  const auth = toml.auth ?? {};
  const email = auth.email ?? {};
  const rateLimit = auth.rate_limit ?? {};
  const defaults = CLI_DEFAULTS.auth;
  return {
    ports: {
      api: toml.api?.port ?? CLI_DEFAULTS.ports.api,
      db: toml.db?.port ?? CLI_DEFAULTS.ports.db,
      mail: toml.inbucket?.port ?? CLI_DEFAULTS.ports.mail,
      smtp: toml.inbucket?.smtp_port ?? CLI_DEFAULTS.ports.smtp,
    },
    api: {
      schemas: toml.api?.schemas ?? CLI_DEFAULTS.api.schemas,
      extraSearchPath: toml.api?.extra_search_path ?? CLI_DEFAULTS.api.extraSearchPath,
      maxRows: toml.api?.max_rows ?? CLI_DEFAULTS.api.maxRows,
      txEnd: CLI_DEFAULTS.api.txEnd,
    },
    jwtSecret: auth.jwt_secret || undefined,
    auth: {
      siteUrl: auth.site_url ?? defaults.siteUrl,
      additionalRedirectUrls: auth.additional_redirect_urls ?? defaults.additionalRedirectUrls,
      jwtExpiry: auth.jwt_expiry ?? defaults.jwtExpiry,
      jwtIssuer: auth.jwt_issuer || undefined,
      enableSignup: auth.enable_signup ?? defaults.enableSignup,
      enableEmailSignup: email.enable_signup ?? defaults.enableEmailSignup,
      enableAnonymousSignIns: auth.enable_anonymous_sign_ins ?? defaults.enableAnonymousSignIns,
      enableConfirmations: email.enable_confirmations ?? defaults.enableConfirmations,
      doubleConfirmChanges: email.double_confirm_changes ?? defaults.doubleConfirmChanges,
      enableRefreshTokenRotation:
        auth.enable_refresh_token_rotation ?? defaults.enableRefreshTokenRotation,
      refreshTokenReuseInterval:
        auth.refresh_token_reuse_interval ?? defaults.refreshTokenReuseInterval,
      minimumPasswordLength: auth.minimum_password_length ?? defaults.minimumPasswordLength,
      passwordRequirements: auth.password_requirements ?? defaults.passwordRequirements,
      maxFrequency: email.max_frequency
        ? parseGoDuration(email.max_frequency)
        : defaults.maxFrequency,
      otpLength: email.otp_length ?? defaults.otpLength,
      otpExpiry: email.otp_expiry ?? defaults.otpExpiry,
      signingAlgorithm: defaults.signingAlgorithm,
      signingKeysPath: auth.signing_keys_path
        ? resolvePath(supabaseDir, auth.signing_keys_path)
        : undefined,
      securePasswordChange: email.secure_password_change ?? defaults.securePasswordChange,
      enableManualLinking: auth.enable_manual_linking ?? defaults.enableManualLinking,
      sender: {
        email: email.smtp?.admin_email ?? defaults.sender.email,
        name: email.smtp?.sender_name ?? defaults.sender.name,
      },
      templates: Object.fromEntries(
        EMAIL_KINDS.map((kind) => {
          const entry = email.template?.[kind];
          const fallback = defaults.templates[kind];
          return [
            kind,
            {
              subject: entry?.subject ?? fallback.subject,
              content: entry?.content_path
                ? readFileSync(resolvePath(projectRoot, entry.content_path), 'utf8')
                : fallback.content,
            },
          ];
        }),
      ) as Record<EmailKind, EmailTemplate>,
      mfa: {
        maxEnrolledFactors: auth.mfa?.max_enrolled_factors ?? defaults.mfa.maxEnrolledFactors,
        totpEnrollEnabled: auth.mfa?.totp?.enroll_enabled ?? defaults.mfa.totpEnrollEnabled,
        totpVerifyEnabled: auth.mfa?.totp?.verify_enabled ?? defaults.mfa.totpVerifyEnabled,
      },
      rateLimits: {
        emailSent: rateLimit.email_sent ?? defaults.rateLimits.emailSent,
        anonymousUsers: rateLimit.anonymous_users ?? defaults.rateLimits.anonymousUsers,
        tokenRefresh: rateLimit.token_refresh ?? defaults.rateLimits.tokenRefresh,
        signInSignUps: rateLimit.sign_in_sign_ups ?? defaults.rateLimits.signInSignUps,
        tokenVerifications: rateLimit.token_verifications ?? defaults.rateLimits.tokenVerifications,
        web3: rateLimit.web3 ?? defaults.rateLimits.web3,
      },
    },
  };
}

function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/** The CLI replaces `env(NAME)` string values with the environment variable. */
function substituteEnv(value: unknown): unknown {
  if (typeof value === 'string') {
    const name = /^env\((\w+)\)$/.exec(value)?.[1];
    return name ? (process.env[name] ?? '') : value;
  }
  if (Array.isArray(value)) return value.map(substituteEnv);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v)]));
  }
  return value;
}

const GO_DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds in a Go duration such as "1s", "500ms" or "1h30m". */
export function parseGoDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`Invalid duration "${text}" (expected e.g. "1s", "500ms", "1m30s")`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * GO_DURATION_UNITS[unit!]!, 0);
}
