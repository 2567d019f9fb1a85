import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_DEFAULTS } from '@repo/local-dev';
import { describe, expect, it } from 'vitest';
import { DEMO_SECRETS, productionEnvProblems } from './production-env';

const URLS = ['SUPABASE_URL', 'DATABASE_URL', 'WEB_URL', 'SMTP_URL'];

/** Values a real deployment could have. */
const REAL = {
  NODE_ENV: 'production',
  SUPABASE_URL: 'https://abcdefghijklmnop.supabase.co',
  DATABASE_URL: 'postgresql://app:s3cret@db.internal:5432/postgres',
  WEB_URL: 'https://app.example.com',
  SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
  SUPABASE_JWT_SECRET: 'a-real-secret-that-is-long-enough-0123456789',
  METRICS_TOKEN: 'a-metrics-token-of-our-own',
};

describe('productionEnvProblems', () => {
  it('accepts real values', () => {
    expect(productionEnvProblems(REAL, URLS)).toEqual([]);
  });

  it('names every URL that is unset, empty or pointing at the local stack', () => {
    const problems = productionEnvProblems(
      {
        ...REAL,
        SUPABASE_URL: undefined,
        DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:54322/postgres',
        WEB_URL: '  ',
        SMTP_URL: 'smtp://localhost:54325',
      },
      URLS,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^SUPABASE_URL is not set/),
      expect.stringMatching(/^DATABASE_URL points at the local development stack/),
      expect.stringMatching(/^WEB_URL is not set/),
      expect.stringMatching(/^SMTP_URL points at the local development stack/),
    ]);
    // The database password never reaches the message.
    expect(problems.join('\n')).not.toContain('postgres:postgres@');
  });

  it('refuses each of the CLI demo secrets in any variable, also inside a longer value', () => {
    for (const [label, secret] of Object.entries(DEMO_SECRETS)) {
      expect(productionEnvProblems({ ...REAL, SOME_KEY: secret }, URLS)).toEqual([
        `SOME_KEY holds ${label} of the Supabase CLI, which is public`,
      ]);
    }
    expect(
      productionEnvProblems(
        { ...REAL, AUTH_HEADER: `Bearer ${DEMO_SECRETS['the demo anon key']}` },
        URLS,
      ),
    ).toHaveLength(1);
  });

  it('refuses every local default @repo/local-dev hands to local commands', () => {
    const problems = productionEnvProblems({ ...REAL, ...LOCAL_DEFAULTS }, URLS);
    for (const name of [...URLS, 'SUPABASE_JWT_SECRET', 'SUPABASE_PUBLISHABLE_KEY']) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
  });

  it('accepts loopback URLs on other ports (a sidecar proxy), and other hosts on the local ports', () => {
    expect(
      productionEnvProblems(
        {
          ...REAL,
          SUPABASE_URL: 'http://127.0.0.1:8000',
          DATABASE_URL: 'postgresql://u:p@db:54322/x',
        },
        URLS,
      ),
    ).toEqual([]);
  });
});

/**
 * Loads src/env.ts in a fresh Node process with exactly `vars`, as the API does at start-up;
 * `imports` run first (the local env loader, as `pnpm --filter @repo/api dev` runs it). It runs in
 * an empty repository of its own, so no developer's .env takes part.
 */
function loadEnv(vars: Record<string, string>, imports: string[] = []) {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const repo = mkdtempSync(join(tmpdir(), 'api-env-'));
  writeFileSync(join(repo, 'pnpm-workspace.yaml'), 'packages: []\n');
  const envModule = new URL('./env.ts', import.meta.url).href;
  try {
    return spawnSync(
      process.execPath,
      [
        '--import',
        tsx,
        ...imports.flatMap((module) => ['--import', module]),
        '-e',
        `await import(${JSON.stringify(envModule)})`,
      ],
      { cwd: repo, env: { PATH: process.env.PATH, ...vars }, encoding: 'utf8' },
    );
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

// Each case starts Node.js and compiles the API's env module: slow on a loaded machine.
describe('the API environment in production', { timeout: 90_000 }, () => {
  it('starts with real values', () => {
    const result = loadEnv(REAL);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses the development defaults, naming each problem at once', () => {
    const result = loadEnv({
      NODE_ENV: 'production',
      SUPABASE_JWT_SECRET: DEMO_SECRETS['the demo JWT secret']!,
    });
    expect(result.status).not.toBe(0);
    for (const line of [
      'SUPABASE_URL is not set',
      'DATABASE_URL is not set',
      'WEB_URL is not set',
      'SMTP_URL is not set',
      'SUPABASE_JWT_SECRET holds the demo JWT secret',
      'METRICS_TOKEN is not set, so /metrics would be public',
    ]) {
      expect(result.stderr).toContain(line);
    }
  });

  it('has no local defaults of its own: outside production too, a missing URL stops it', () => {
    const result = loadEnv({ NODE_ENV: 'development' });
    expect(result.status).not.toBe(0);
    for (const name of ['SUPABASE_URL', 'DATABASE_URL', 'WEB_URL', 'SMTP_URL']) {
      expect(result.stderr).toContain(name);
    }
  });

  it('starts outside production on the local defaults the local env loader fills in', () => {
    const loader = fileURLToPath(import.meta.resolve('@repo/local-dev/load-env'));
    const result = loadEnv({ NODE_ENV: 'development' }, [loader]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('gets no local default from the loader in production', () => {
    const loader = fileURLToPath(import.meta.resolve('@repo/local-dev/load-env'));
    const result = loadEnv({ NODE_ENV: 'production' }, [loader]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('SUPABASE_URL is not set');
  });
});
