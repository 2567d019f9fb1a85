import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@repo/database/embedded';
import { type EmbeddedSupabase, startEmbeddedSupabase } from '@repo/embedded-supabase';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { buildApiTree } from './build-api';
import { type NodeProcess, runNode, waitUntilAnswering } from './run-node';

// The API image's file tree, built by the same function apps/api/Dockerfile runs, started with
// plain node against the embedded stack, as the container would start against Supabase.
const tree = mkdtempSync(join(tmpdir(), 'api-tree-'));
let supabase: EmbeddedSupabase;
let api: NodeProcess | undefined;
let apiUrl: string;

beforeAll(async () => {
  [supabase] = await Promise.all([
    startEmbeddedSupabase({ ports: { api: 0, db: 0, mail: 0, smtp: 0 } }),
    buildApiTree(tree),
  ]);
});
afterAll(async () => {
  await api?.stop();
  await supabase?.stop();
  rmSync(tree, { recursive: true, force: true });
});

const productionEnv = () => ({
  NODE_ENV: 'production',
  DATABASE_URL: supabase.dbUrl,
  SUPABASE_URL: supabase.url,
  SUPABASE_JWT_SECRET: supabase.keys.jwtSecret,
  SMTP_URL: `smtp://127.0.0.1:${supabase.smtpPort}`,
  LOG_LEVEL: 'warn',
});

test('the tree is the bundle, the migrations and nothing else: no node_modules, no TypeScript', () => {
  const files = readdirSync(tree, { recursive: true }).map(String);
  expect(files.some((file) => file.includes('node_modules'))).toBe(false);
  expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
  expect(files).toEqual(
    expect.arrayContaining(['dist/index.js', 'dist/migrate.js', 'sql/supabase-bootstrap.sql']),
  );
  const bytes = files.reduce((sum, file) => sum + statSync(join(tree, file)).size, 0);
  expect(bytes).toBeLessThan(15 * 1024 * 1024);
});

test('the migrate command brings an empty Supabase database up to date, and again finds nothing to do', async () => {
  const first = runNode('dist/migrate.js', productionEnv(), tree);
  expect(await first.exited).toBe(0);
  expect(first.output()).toMatch(/Applied \d+ migration\(s\)/);
  const second = runNode('dist/migrate.js', productionEnv(), tree);
  expect(await second.exited).toBe(0);
  expect(second.output()).toContain('No pending migrations.');
});

test('the server answers /readyz and a signed-in user’s API call', async () => {
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  api = runNode(
    'dist/index.js',
    { ...productionEnv(), HOST: '127.0.0.1', PORT: String(port) },
    tree,
  );
  await waitUntilAnswering(`${apiUrl}/healthz`, api);

  const ready = await fetch(`${apiUrl}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok' });

  const client = createClient(supabase.url, supabase.keys.publishable, {
    auth: { persistSession: false },
    realtime: { transport: WebSocket as never },
  });
  const { data, error } = await client.auth.signUp({
    email: 'container@example.test',
    password: 'container-pass-1',
  });
  expect(error).toBeNull();
  const headers = {
    authorization: `Bearer ${data.session!.access_token}`,
    'content-type': 'application/json',
  };
  const me = await fetch(`${apiUrl}/v1/me`, { headers });
  expect(me.status).toBe(200);
  expect((await me.json()).user.email).toBe('container@example.test');
  const created = await fetch(`${apiUrl}/v1/items`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 'from the container' }),
  });
  expect(created.status).toBe(201);
  const metrics = await (await fetch(`${apiUrl}/metrics`)).text();
  expect(metrics).toMatch(
    /http_requests_total\{method="POST",route="\/v1\/items",status="201"\} 1/,
  );
});
