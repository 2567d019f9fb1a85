import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedSupabase, startEmbeddedSupabase } from '@repo/embedded-supabase';
import { freePort } from '@repo/local-dev';
import { createClient, type Session } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { buildApiTree } from './build-api';
import { buildWebTree } from './build-web';
import { type NodeProcess, runNode, waitUntilAnswering } from './run-node';

// Both images' file trees, built by the same functions the Dockerfiles run, started with plain
// node against the embedded stack, as the containers would start against Supabase.
const apiTree = mkdtempSync(join(tmpdir(), 'api-tree-'));
const webTree = mkdtempSync(join(tmpdir(), 'web-tree-'));
const processes: NodeProcess[] = [];
let supabase: EmbeddedSupabase;
let apiUrl: string;
let webUrl: string;
let session: Session;

beforeAll(async () => {
  buildWebTree(webTree);
  [supabase] = await Promise.all([
    // Keys of its own: the trees run with NODE_ENV=production, which refuses the CLI's demo keys.
    startEmbeddedSupabase({
      ports: { api: 0, db: 0, mail: 0, smtp: 0 },
      keys: {
        jwtSecret: randomBytes(32).toString('base64url'),
        publishable: `sb_publishable_${randomBytes(16).toString('base64url')}`,
        secret: `sb_secret_${randomBytes(16).toString('base64url')}`,
      },
    }),
    buildApiTree(apiTree),
  ]);
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await supabase?.stop();
  for (const tree of [apiTree, webTree]) rmSync(tree, { recursive: true, force: true });
});

const apiEnv = () => ({
  NODE_ENV: 'production',
  DATABASE_URL: supabase.dbUrl,
  SUPABASE_URL: supabase.url,
  SUPABASE_JWT_SECRET: supabase.keys.jwtSecret,
  SMTP_URL: `smtp://127.0.0.1:${supabase.smtpPort}`,
  WEB_URL: 'https://app.example.test',
  METRICS_TOKEN,
  LOG_LEVEL: 'warn',
});

const METRICS_TOKEN = randomBytes(24).toString('base64url');

function start(tree: string, script: string, env: Record<string, string>) {
  const proc = runNode(script, env, tree);
  processes.push(proc);
  return proc;
}

describe('api image', () => {
  test('is the bundle and the migrations, nothing else: no node_modules, no TypeScript', () => {
    const files = readdirSync(apiTree, { recursive: true }).map(String);
    expect(files.some((file) => file.includes('node_modules'))).toBe(false);
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/migrate.js', 'migrations/meta/_journal.json']),
    );
    // The Supabase stand-in (roles, auth schema) is development's; the image migrates Supabase.
    expect(files.filter((file) => file.startsWith('sql'))).toEqual([]);
    const bytes = files.reduce((sum, file) => sum + statSync(join(apiTree, file)).size, 0);
    expect(bytes).toBeLessThan(15 * 1024 * 1024);
  });

  test('its migrate command brings an empty database up to date, then finds nothing to do', async () => {
    const first = runNode('dist/migrate.js', apiEnv(), apiTree);
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/Applied \d+ migration\(s\)/);
    const second = runNode('dist/migrate.js', apiEnv(), apiTree);
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('No pending migrations.');
  });

  test('its server refuses to start in production with development defaults', async () => {
    const api = runNode(
      'dist/index.js',
      {
        NODE_ENV: 'production',
        DATABASE_URL: supabase.dbUrl,
        SUPABASE_JWT_SECRET: 'super-secret-jwt-token-with-at-least-32-characters-long',
      },
      apiTree,
    );
    expect(await api.exited).not.toBe(0);
    for (const problem of [
      'SUPABASE_URL is not set',
      'WEB_URL is not set',
      'SMTP_URL is not set',
      'SUPABASE_JWT_SECRET holds the demo JWT secret',
      'METRICS_TOKEN is not set',
    ]) {
      expect(api.output()).toContain(problem);
    }
  });

  test('its server is ready and answers a signed-in user', async () => {
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    const api = start(apiTree, 'dist/index.js', {
      ...apiEnv(),
      HOST: '127.0.0.1',
      PORT: String(port),
    });
    await waitUntilAnswering(`${apiUrl}/healthz`, api);
    const ready = await fetch(`${apiUrl}/readyz`);
    const readiness = (await ready.json()) as { status: string };
    expect([ready.status, readiness.status]).toEqual([200, 'ready']);
    expect((await fetch(`${apiUrl}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${apiUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(metrics.status).toBe(200);

    const client = createClient(supabase.url, supabase.keys.publishable, {
      auth: { persistSession: false },
      realtime: { transport: WebSocket as never },
    });
    const { data, error } = await client.auth.signUp({
      email: 'container@example.test',
      password: 'container-pass-1',
    });
    expect(error).toBeNull();
    session = data.session!;
    const headers = {
      authorization: `Bearer ${session.access_token}`,
      'content-type': 'application/json',
    };
    const me = await fetch(`${apiUrl}/v1/me`, { headers });
    const body = (await me.json()) as { user: { email: string } };
    expect([me.status, body.user.email]).toEqual([200, 'container@example.test']);
    const created = await fetch(`${apiUrl}/v1/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Made in the container' }),
    });
    expect(created.status).toBe(201);
  });
});

describe('web image', () => {
  test('is Next.js standalone output: server.js, its traced node_modules and the static assets', () => {
    const files = readdirSync(webTree, { recursive: true }).map(String);
    expect(files).toEqual(expect.arrayContaining(['apps/web/server.js']));
    expect(files.some((file) => file.startsWith('apps/web/.next/static/'))).toBe(true);
    expect(files.some((file) => /node_modules\/(typescript|vitest|@playwright)\//.test(file))).toBe(
      false,
    );
  });

  test('its server renders pages, and a signed-in page with data from the API', async () => {
    const port = await freePort();
    webUrl = `http://127.0.0.1:${port}`;
    const web = start(webTree, 'apps/web/server.js', {
      NODE_ENV: 'production',
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      SUPABASE_URL: supabase.url,
      SUPABASE_PUBLISHABLE_KEY: supabase.keys.publishable,
      API_URL: apiUrl,
      WEB_URL: webUrl,
    });
    await waitUntilAnswering(`${webUrl}/sign-in`, web);

    const signIn = await fetch(`${webUrl}/sign-in`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('Sign in');

    const signedOut = await fetch(`${webUrl}/dashboard`, { redirect: 'manual' });
    expect(signedOut.status).toBe(307);
    expect(signedOut.headers.get('location')).toContain('/sign-in');

    // The session cookie exactly as @supabase/ssr writes it (base64url JSON of the session).
    const cookie = `sb-127-auth-token=base64-${Buffer.from(JSON.stringify(session)).toString('base64url')}`;
    const dashboard = await fetch(`${webUrl}/dashboard`, { headers: { cookie } });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('Made in the container');
  });
});
