import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createGateway, realtimeUpgradeHandler } from './gateway';
import { CLI_DEFAULT_KEYS } from './keys';
import type { Realtime } from './realtime';

/** Records what the gateway hands to Realtime: the rewritten request URL. */
function recordingRealtime(received: string[]): Realtime {
  return {
    handleUpgrade: (request) => received.push(request.url ?? ''),
    api: undefined as never,
    close: async () => {},
  };
}

function upgrade(url: string, realtime: Realtime | undefined) {
  const socket = new PassThrough();
  let written = '';
  socket.on('data', (chunk) => {
    written += chunk;
  });
  realtimeUpgradeHandler(CLI_DEFAULT_KEYS, realtime)(
    { url } as IncomingMessage,
    socket,
    Buffer.alloc(0),
  );
  return () => written;
}

describe('realtime websocket upgrades', () => {
  it('maps sb_ keys in the apikey query parameter to their JWTs, and passes others through', () => {
    const received: string[] = [];
    const realtime = recordingRealtime(received);
    upgrade(`/realtime/v1/websocket?apikey=${CLI_DEFAULT_KEYS.publishable}&vsn=2.0.0`, realtime);
    upgrade(`/realtime/v1/websocket?apikey=${CLI_DEFAULT_KEYS.secret}&vsn=2.0.0`, realtime);
    upgrade('/realtime/v1/websocket?apikey=some.jwt.value&vsn=2.0.0', realtime);
    const apikeys = received.map((url) => new URL(url, 'http://x').searchParams.get('apikey'));
    expect(apikeys).toEqual([
      CLI_DEFAULT_KEYS.anon,
      CLI_DEFAULT_KEYS.serviceRole,
      'some.jwt.value',
    ]);
    expect(received[0]).toMatch(/^\/realtime\/v1\/websocket\?/);
  });

  it('refuses other paths with 404, and everything with 503 while Realtime is off', () => {
    const received: string[] = [];
    expect(upgrade('/somewhere/else', recordingRealtime(received))()).toMatch(/^HTTP\/1\.1 404/);
    expect(upgrade('/realtime/v1/websocket', undefined)()).toMatch(/^HTTP\/1\.1 503/);
    expect(received).toEqual([]);
  });
});

describe('/rest/v1', () => {
  /** A Data API stand-in that echoes the Authorization it receives and sends a count. */
  const rest = new Hono().get('/items', (c) =>
    c.json({ authorization: c.req.header('authorization') ?? null }, 200, {
      'content-range': '0-0/1',
    }),
  );
  const gateway = createGateway({ keys: CLI_DEFAULT_KEYS, auth: new Hono(), rest });

  it('needs an API key, strips the prefix and maps an sb_ key to its JWT', async () => {
    expect((await gateway.request('/rest/v1/items')).status).toBe(401);
    const response = await gateway.request('/rest/v1/items', {
      headers: { apikey: CLI_DEFAULT_KEYS.publishable },
    });
    expect(await response.json()).toEqual({ authorization: `Bearer ${CLI_DEFAULT_KEYS.anon}` });
  });

  it('lets a browser read Content-Range (counts) across origins', async () => {
    const response = await gateway.request('/rest/v1/items', {
      headers: { apikey: CLI_DEFAULT_KEYS.anon, origin: 'http://127.0.0.1:3000' },
    });
    expect(response.headers.get('content-range')).toBe('0-0/1');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/Content-Range/);
  });
});

describe('request counts', () => {
  it('counts what reaches each service, and not its own reads', async () => {
    const service = new Hono().all('*', (c) => c.json({ ok: true }));
    const gateway = createGateway({ keys: CLI_DEFAULT_KEYS, auth: service, rest: service });
    const headers = { apikey: CLI_DEFAULT_KEYS.anon };
    await gateway.request('/auth/v1/user', { headers });
    await gateway.request('/auth/v1/.well-known/jwks.json');
    await gateway.request('/rest/v1/items', { headers });
    await gateway.request('/auth/v1-not-a-service');
    const counts = await (await gateway.request('/_embedded/requests')).json();
    expect(counts).toEqual({ auth: 2, rest: 1, realtime: 0 });
    expect(await (await gateway.request('/_embedded/requests')).json()).toEqual(counts);
  });
});
