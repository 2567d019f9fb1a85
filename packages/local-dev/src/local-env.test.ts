import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LOCAL_DEFAULTS, readLocalEnv } from './local-env';
import { findRepoRoot } from './repo-paths';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'local-env-'));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const dotEnv = (text: string) => writeFileSync(join(root, '.env'), text);

describe('readLocalEnv', () => {
  test('the shell wins over .env, .env over the local defaults', () => {
    dotEnv('DATABASE_URL=postgresql://u:p@from-file:5432/db\nWEB_URL=https://file.example\n');
    const env = readLocalEnv({ WEB_URL: 'https://shell.example' }, root);
    expect(env.WEB_URL).toBe('https://shell.example');
    expect(env.DATABASE_URL).toBe('postgresql://u:p@from-file:5432/db');
    expect(env.SMTP_URL).toBe(LOCAL_DEFAULTS.SMTP_URL);
  });

  test('finds the .env of the repository from a folder inside it', () => {
    dotEnv('DATABASE_URL=postgresql://u:p@from-file:5432/db\n');
    const inside = join(root, 'packages', 'database');
    expect(readLocalEnv({}, root).DATABASE_URL).toBe(readLocalEnv({}, inside).DATABASE_URL);
  });

  test('without .env, the local defaults', () => {
    expect(readLocalEnv({}, root)).toMatchObject(LOCAL_DEFAULTS);
  });

  test('an empty value in the shell still wins (unset it to use .env)', () => {
    dotEnv('SUPABASE_JWT_SECRET=from-file\n');
    expect(readLocalEnv({ SUPABASE_JWT_SECRET: '' }, root).SUPABASE_JWT_SECRET).toBe('');
  });

  test('with NODE_ENV=production, from the shell or from .env, no local default is filled in', () => {
    dotEnv('WEB_URL=https://file.example\n');
    const fromShell = readLocalEnv({ NODE_ENV: 'production' }, root);
    expect(fromShell.WEB_URL).toBe('https://file.example');
    for (const name of ['SUPABASE_URL', 'DATABASE_URL', 'SMTP_URL', 'SUPABASE_JWT_SECRET']) {
      expect(fromShell[name]).toBeUndefined();
    }
    dotEnv('NODE_ENV=production\n');
    expect(readLocalEnv({}, root).DATABASE_URL).toBeUndefined();
  });
});

test('.env.example shows exactly the local defaults it lists', () => {
  const example = parseEnv(readFileSync(join(findRepoRoot(), '.env.example'), 'utf8'));
  const listed = Object.keys(LOCAL_DEFAULTS).filter((name) => name in example);
  expect(listed.length).toBeGreaterThan(5);
  for (const name of listed) {
    expect(`${name}=${example[name]}`).toBe(
      `${name}=${LOCAL_DEFAULTS[name as keyof typeof LOCAL_DEFAULTS]}`,
    );
  }
});
