import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { nextDir, staticFiles } from './build-output';

/**
 * The Supabase CLI's well-known local secrets (the defaults `pnpm dev` uses): they must not
 * appear in the browser bundle either, whatever environment built it.
 */
const LOCAL_DEFAULT_SECRETS = [
  'super-secret-jwt-token-with-at-least-32-characters-long',
  'postgresql://postgres:postgres@127.0.0.1:54322/postgres',
  'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
];

/** Server-only values of the environment that ran the tests (and of the e2e stack). */
function environmentSecrets(): string[] {
  const fromStack = JSON.parse(process.env.E2E_SERVER_SECRETS ?? '[]') as string[];
  const databaseUrl = process.env.DATABASE_URL;
  return [
    ...fromStack,
    process.env.SUPABASE_JWT_SECRET,
    process.env.SUPABASE_SECRET_KEY,
    process.env.SUPABASE_SERVICE_ROLE_KEY,
    databaseUrl,
    databaseUrl && new URL(databaseUrl).password,
  ].filter((value): value is string => Boolean(value && value.length >= MIN_SECRET_LENGTH));
}

/**
 * Shorter values are words, not secrets: the local database password is "postgres", which the
 * bundle rightly contains (as in "postgres_changes"). Real passwords and keys are long.
 */
const MIN_SECRET_LENGTH = 12;

/** Secret-shaped strings: sb_secret_ keys, and JWTs whose payload says role service_role. */
function secretShapedStrings(text: string): string[] {
  const found = [...text.matchAll(/sb_secret_[A-Za-z0-9_-]{16,}/g)].map((match) => match[0]);
  for (const [jwt, payload] of text.matchAll(
    /eyJ[A-Za-z0-9_-]{10,}\.(eyJ[A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+/g,
  )) {
    if (Buffer.from(payload!, 'base64url').toString('utf8').includes('"service_role"'))
      found.push(jwt);
  }
  return found;
}

test('the browser bundle holds no server secrets', () => {
  const files = staticFiles();
  expect(files.length, 'run `next build` first').toBeGreaterThan(0);
  const secrets = [...new Set([...LOCAL_DEFAULT_SECRETS, ...environmentSecrets()])];
  const leaks: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    const where = relative(nextDir, file);
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push(`${where}: a server secret (${secret.slice(0, 6)}…)`);
    }
    for (const shaped of secretShapedStrings(text)) leaks.push(`${where}: ${shaped.slice(0, 16)}…`);
  }
  expect(leaks, leaks.join('\n')).toEqual([]);
});

test('the scan recognizes what it looks for', () => {
  const serviceRoleJwt = [
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
    Buffer.from('{"iss":"supabase-demo","role":"service_role"}').toString('base64url'),
    'c2lnbmF0dXJlLXNpZ25hdHVyZQ',
  ].join('.');
  expect(secretShapedStrings(`a="${serviceRoleJwt}"`)).toEqual([serviceRoleJwt]);
  expect(secretShapedStrings('k="sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"')).toHaveLength(1);
  // The bare prefix (supabase-js checks for it) is not a key.
  expect(secretShapedStrings('startsWith("sb_secret_")')).toEqual([]);
});
