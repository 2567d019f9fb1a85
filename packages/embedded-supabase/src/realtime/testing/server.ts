import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { applyMigrations } from '@repo/database/migrator';
import { freePort, startEmbeddedPostgres } from '@repo/local-dev';
import { Hono } from 'hono';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import postgres from 'postgres';
import { createRealtime } from '../index';

/** Realtime alone on a throwaway migrated database, for this folder's integration tests. */
export interface TestRealtime {
  /** http://127.0.0.1:<port>; the socket is at /realtime/v1/websocket as behind the gateway. */
  url: string;
  databaseUrl: string;
  sql: postgres.Sql;
  anonKey: string;
  serviceRoleKey: string;
  /** An HS256 token with these claims, valid for `expiresInSeconds`. */
  sign(claims: JWTPayload, expiresInSeconds?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestRealtime(): Promise<TestRealtime> {
  const folder = mkdtempSync(join(tmpdir(), 'realtime-test-'));
  const database = await startEmbeddedPostgres({
    dataDir: join(folder, 'data'),
    port: await freePort(),
    persistent: false,
    // synchronous_commit stays on: the walsender only streams flushed WAL.
    settings: { fsync: 'off', full_page_writes: 'off' },
  });
  const sql = postgres(database.url, { max: 4, onnotice: () => {} });
  await applyMigrations(sql);

  const secret = new TextEncoder().encode('realtime-test-secret-with-at-least-32-characters');
  const sign = (claims: JWTPayload, expiresInSeconds = 3600) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(secret);
  const realtime = await createRealtime({
    databaseUrl: database.url,
    verifyJwt: async (token) => (await jwtVerify(token, secret, { algorithms: ['HS256'] })).payload,
    log: (message) => console.error(message),
  });

  const app = new Hono().route('/realtime/v1/api', realtime.api);
  const server = createServer(getRequestListener(app.fetch));
  server.on('upgrade', (request, socket, head) => realtime.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    databaseUrl: database.url,
    sql,
    anonKey: await sign({ iss: 'supabase-demo', role: 'anon' }),
    serviceRoleKey: await sign({ iss: 'supabase-demo', role: 'service_role' }),
    sign,
    async stop() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sql.end();
      await database.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
