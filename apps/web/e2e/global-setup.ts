import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LIFTED_RATE_LIMITS, startStack } from '@repo/dev-stack';

const appDir = join(import.meta.dirname, '..');

/**
 * Builds the app if the last build is missing or older than the sources, then starts the whole
 * stack like `pnpm dev` (Supabase, migrations, demo data, API, `next start`) on random ports, with
 * email confirmations on so sign-up sends a confirmation email. Returns the teardown.
 */
export default async function globalSetup() {
  requireChromium();
  buildIfStale();
  const stack = await startStack({
    ephemeral: true,
    webScript: 'start',
    // Every test signs in from 127.0.0.1, far above config.toml's per-IP Auth limits.
    supabaseAuth: { enableConfirmations: true, rateLimits: LIFTED_RATE_LIMITS },
    log: (line) => {
      if (process.env.E2E_VERBOSE) console.log(line);
    },
  });
  process.env.E2E_WEB_URL = stack.webUrl;
  process.env.E2E_MAIL_URL = stack.supabase.mailUrl;
  process.env.E2E_API_URL = stack.apiUrl;
  process.env.E2E_SUPABASE_URL = stack.supabase.url;
  process.env.E2E_SUPABASE_PUBLISHABLE_KEY = stack.supabase.publishableKey;
  // What must never reach the browser, for the bundle's secret scan.
  process.env.E2E_SERVER_SECRETS = JSON.stringify([
    stack.supabase.jwtSecret,
    stack.supabase.databaseUrl,
    new URL(stack.supabase.databaseUrl).password,
  ]);
  return () => stack.stop();
}

function requireChromium(): void {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. The e2e tests drive the system Chromium (browser downloads are not used):\n` +
        '  Debian/Ubuntu: apt-get update && apt-get install -y chromium\n' +
        '  elsewhere: install Chromium or Chrome and set CHROMIUM_PATH to its executable.',
    );
  }
}

function buildIfStale(): void {
  const buildId = join(appDir, '.next', 'BUILD_ID');
  if (existsSync(buildId) && newestSourceChange() <= statSync(buildId).mtimeMs) return;
  console.log('Building the web app (next build)…');
  execFileSync(
    process.execPath,
    [createRequire(import.meta.url).resolve('next/dist/bin/next'), 'build'],
    {
      cwd: appDir,
      stdio: 'inherit',
    },
  );
}

function newestSourceChange(dir = join(appDir, 'src')): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestSourceChange(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}
