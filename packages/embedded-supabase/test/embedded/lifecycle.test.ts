import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { type EmbeddedSupabaseOptions, startEmbeddedSupabase } from '../../src/index';

const EPHEMERAL: EmbeddedSupabaseOptions['ports'] = { api: 0, db: 0, mail: 0, smtp: 0 };
const folders: string[] = [];

function dataFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'embedded-supabase-test-'));
  folders.push(folder);
  return folder;
}

function client(url: string, key: string) {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
}

afterEach(() => {
  vi.unstubAllEnvs();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('startEmbeddedSupabase lifecycle', () => {
  it('keeps users across a restart on the same data folder', async () => {
    const dataDir = dataFolder();
    const first = await startEmbeddedSupabase({ dataDir, ports: EPHEMERAL, realtime: false });
    const signUp = await client(first.url, first.keys.anon).auth.signUp({
      email: 'kept@example.test',
      password: 'kept-password',
    });
    expect(signUp.error).toBeNull();
    await first.stop();

    const second = await startEmbeddedSupabase({ dataDir, ports: EPHEMERAL, realtime: false });
    try {
      const signIn = await client(second.url, second.keys.anon).auth.signInWithPassword({
        email: 'kept@example.test',
        password: 'kept-password',
      });
      expect(signIn.error).toBeNull();
      expect(signIn.data.user!.id).toBe(signUp.data.user!.id);
    } finally {
      await second.stop();
    }
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  });

  it('refuses a second instance on a data folder in use, naming the process', async () => {
    const dataDir = dataFolder();
    const running = await startEmbeddedSupabase({ dataDir, ports: EPHEMERAL, realtime: false });
    try {
      await expect(
        startEmbeddedSupabase({ dataDir, ports: EPHEMERAL, realtime: false }),
      ).rejects.toThrow(`is in use by process ${process.pid}`);
    } finally {
      await running.stop();
    }
    expect(existsSync(join(dataDir, 'embedded-supabase.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dataDir = dataFolder();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(
      join(dataDir, 'embedded-supabase.lock'),
      JSON.stringify({ pid: gone, startedAt: '2020-01-01T00:00:00.000Z' }),
    );
    const instance = await startEmbeddedSupabase({ dataDir, ports: EPHEMERAL, realtime: false });
    await instance.stop();
  });

  it('refuses to start with NODE_ENV=production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    await expect(startEmbeddedSupabase({ ports: EPHEMERAL })).rejects.toThrow(
      /refuses to start with NODE_ENV=production/,
    );
  });

  it('deletes its temporary data folder on stop and listens on loopback only', async () => {
    const instance = await startEmbeddedSupabase({ ports: EPHEMERAL, realtime: false });
    const dbFolder = new URL(instance.dbUrl);
    expect(dbFolder.hostname).toBe('127.0.0.1');
    expect(new URL(instance.url).hostname).toBe('127.0.0.1');
    expect(new URL(instance.mailUrl).hostname).toBe('127.0.0.1');
    const health = await fetch(`${instance.url}/auth/v1/health`, {
      headers: { apikey: instance.keys.anon },
    });
    expect(health.status).toBe(200);
    await instance.stop();
    await expect(fetch(`${instance.url}/auth/v1/health`)).rejects.toThrow();
  });

  it('answers 503 on the Realtime routes when Realtime is off', async () => {
    const instance = await startEmbeddedSupabase({ ports: EPHEMERAL, realtime: false });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(
          `${instance.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${instance.keys.publishable}&vsn=2.0.0`,
        );
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => reject(new Error('connected without Realtime')));
        socket.on('error', () => {});
      });
      expect(status).toBe(503);
      const broadcast = await fetch(`${instance.url}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: { apikey: instance.keys.anon, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [] }),
      });
      expect(broadcast.status).toBe(503);
    } finally {
      await instance.stop();
    }
  });
});
