/**
 * `pnpm --filter @repo/web bench:dashboard`: what a signed-in view of /dashboard costs with both
 * apps as they ship: `next start` and the API's built tree (NODE_ENV=production), on a throwaway
 * stack. Signs in as the demo user, warms up, then requests /dashboard one view after another and
 * prints the server's response time (the whole streamed page) p50/p99, and per view the requests
 * Supabase Auth and the API received. Options: --views N, --warmup N. Build first:
 * `npx pnpm@12.4.2 build`. Not a test: nothing asserts a time.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LIFTED_RATE_LIMITS, type Stack, startStack } from '@repo/dev-stack';
import { createServerClient } from '@supabase/ssr';

const { values: args } = parseArgs({
  options: {
    views: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
  },
});
const VIEWS = Number(args.views);
const WARMUP = Number(args.warmup);
const DEMO_USER = { email: 'alice@example.com', password: 'password123' };
const METRICS_TOKEN = randomBytes(24).toString('base64url');

const webDir = join(import.meta.dirname, '..');
const builds = [
  join(webDir, '.next', 'BUILD_ID'),
  join(webDir, '..', 'api', 'build', 'dist', 'index.js'),
];
const missing = builds.filter((file) => !existsSync(file));
if (missing.length > 0) {
  console.error(`Not built (${missing.join(', ')}). Run \`npx pnpm@12.4.2 build\` first.`);
  process.exit(1);
}

const stack = await startStack({
  ephemeral: true,
  webScript: 'start',
  apiScript: 'start',
  // One user viewing the page hundreds of times a minute: the budget still runs, far above it.
  apiEnv: { METRICS_TOKEN, LOG_LEVEL: 'warn', RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000' },
  supabaseAuth: { rateLimits: LIFTED_RATE_LIMITS },
  log: () => {},
});
try {
  const webUrl = stack.webUrl ?? '';
  const cookie = await sessionCookie(stack);
  const view = async () => {
    const started = performance.now();
    const response = await fetch(`${webUrl}/dashboard`, {
      headers: { cookie },
      redirect: 'manual',
    });
    const html = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200 || !html.includes('Account menu')) {
      throw new Error(`/dashboard answered ${response.status} without the signed-in page`);
    }
    return ms;
  };
  for (let i = 0; i < WARMUP; i++) await view();

  const before = await counters(stack);
  const times: number[] = [];
  for (let i = 0; i < VIEWS; i++) times.push(await view());
  const after = await counters(stack);

  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  const perView = (count: number) => (count / VIEWS).toFixed(2);
  const apiRoutes = Object.entries(after.apiByRoute)
    .map(([route, count]) => [route, count - (before.apiByRoute[route] ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .map(([route, count]) => `${route} ${perView(count)}`);
  console.log(
    `Node.js ${process.version}; ${VIEWS} views of /dashboard after ${WARMUP} to warm up`,
  );
  console.log(
    `server response (whole page): p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms`,
  );
  console.log(
    `per view: ${perView(after.auth - before.auth)} requests to Supabase Auth, ` +
      `${perView(after.api - before.api)} to the API (${apiRoutes.join(', ')})`,
  );
} finally {
  await stack.stop();
}

/** The session cookies @supabase/ssr writes for a password sign-in, as one Cookie header. */
async function sessionCookie(running: Stack): Promise<string> {
  const jar = new Map<string, string>();
  const supabase = createServerClient(running.supabase.url, running.supabase.publishableKey, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => {
        for (const { name, value } of cookies) jar.set(name, value);
      },
    },
  });
  const { error } = await supabase.auth.signInWithPassword(DEMO_USER);
  if (error) throw error;
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Requests Auth has received (the embedded gateway's count) and the API has answered. */
async function counters(running: Stack) {
  const auth = (await (await fetch(`${running.supabase.url}/_embedded/requests`)).json()) as {
    auth: number;
  };
  const metrics = await fetch(`${running.apiUrl}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  }).then((response) => response.text());
  const apiByRoute: Record<string, number> = {};
  for (const [, labels = '', value] of metrics.matchAll(
    /^http_requests_total\{([^}]*)\} (\S+)$/gm,
  )) {
    const method = /method="([^"]*)"/.exec(labels)?.[1];
    const route = /route="([^"]*)"/.exec(labels)?.[1];
    if (route === '/metrics') continue;
    const key = `${method} ${route}`;
    apiByRoute[key] = (apiByRoute[key] ?? 0) + Number(value);
  }
  const api = Object.values(apiByRoute).reduce((sum, count) => sum + count, 0);
  return { auth: auth.auth, api, apiByRoute };
}
