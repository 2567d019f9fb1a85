import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { findRepoRoot } from './repo-paths.ts';

/**
 * The local stack's settings (the Supabase CLI's `supabase start`, or the embedded stack `pnpm dev`
 * starts), written once: the apps have no defaults of their own for these, so a value missing in
 * production stops them, while a developer's empty `.env` still works. `.env.example` shows the
 * same values (a test holds it to these).
 */
export const LOCAL_DEFAULTS = {
  SUPABASE_URL: 'http://127.0.0.1:54321',
  SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  SUPABASE_JWT_SECRET: 'super-secret-jwt-token-with-at-least-32-characters-long',
  DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:54322/postgres',
  API_URL: 'http://127.0.0.1:4000',
  WEB_URL: 'http://127.0.0.1:3000',
  CORS_ORIGINS: 'http://127.0.0.1:3000,http://localhost:3000',
  SMTP_URL: 'smtp://127.0.0.1:54325',
  API_PORT: '4000',
  WEB_PORT: '3000',
} as const;

/**
 * The environment every local command sees: the shell's variables, then the repository's `.env`
 * for what the shell leaves unset (the shell wins, as with dotenv and Node's `--env-file`), then
 * LOCAL_DEFAULTS, except with NODE_ENV=production. The repository is the one holding `cwd`.
 */
export function readLocalEnv(
  shell: Readonly<Record<string, string | undefined>> = process.env,
  cwd = process.cwd(),
): Record<string, string | undefined> {
  const file = join(findRepoRoot(cwd), '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  const merged: Record<string, string | undefined> = { ...fromFile, ...definedOnly(shell) };
  if (merged.NODE_ENV === 'production') return merged;
  return { ...LOCAL_DEFAULTS, ...merged };
}

/** readLocalEnv() into process.env: what `--import @repo/local-dev/load-env` does first. */
export function loadLocalEnv(): void {
  const env = readLocalEnv();
  for (const [name, value] of Object.entries(env)) {
    if (process.env[name] === undefined && value !== undefined) process.env[name] = value;
  }
}

function definedOnly(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}
