import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '@repo/local-dev';
import { config as loadDotenv } from 'dotenv';

/** The Supabase CLI's local defaults, so an empty .env works against either local stack. */
const LOCAL_DEFAULTS = {
  SUPABASE_URL: 'http://127.0.0.1:54321',
  DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:54322/postgres',
  SUPABASE_JWT_SECRET: 'super-secret-jwt-token-with-at-least-32-characters-long',
  SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  API_PORT: '4000',
  WEB_PORT: '3000',
} as const;

export type LocalEnv = Record<keyof typeof LOCAL_DEFAULTS, string> & NodeJS.ProcessEnv;

/**
 * The repository's .env (if any) over the process environment, over the local defaults: the one
 * place the dev stack reads configuration, which it then hands to each app.
 */
export function readLocalEnv(): LocalEnv {
  const file = join(findRepoRoot(), '.env');
  const fromFile = existsSync(file)
    ? (loadDotenv({ path: file, processEnv: {}, quiet: true }).parsed ?? {})
    : {};
  return { ...LOCAL_DEFAULTS, ...process.env, ...fromFile } as LocalEnv;
}
