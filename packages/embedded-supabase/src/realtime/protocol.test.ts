import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, upgradeRefusal } from './testing/raw-client';
import { startTestRealtime, type TestRealtime } from './testing/server';

/** Wire details supabase-js hides: framing, refusals, binary frames, error replies. */
let realtime: TestRealtime;
const clients: RawClient[] = [];

beforeAll(async () => {
  realtime = await startTestRealtime();
});
afterAll(async () => {
  for (const client of clients) client.close();
  await realtime.stop();
});

async function connect(vsn: '1.0.0' | '2.0.0' = '2.0.0', apikey = realtime.anonKey) {
  const client = await RawClient.connect(realtime.url, { apikey }, vsn);
  clients.push(client);
  return client;
}

describe('connecting', () => {
  it('refuses the upgrade with 401 and Realtime’s message for each bad key', async () => {
    const wrongSecret = new TextEncoder().encode('another-secret-with-at-least-32-characters!!');
    const forged = await new SignJWT({ role: 'anon' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(wrongSecret);
    const cases: [string, string][] = [
      ['vsn=2.0.0', 'API key is missing'],
      [`apikey=${await realtime.sign({ role: 'anon' }, -10)}`, 'Token has expired'],
      [`apikey=${forged}`, 'Failed to validate JWT signature'],
      ['apikey=not-a-jwt', 'The token provided is not a valid JWT'],
      [
        `apikey=${await realtime.sign({ iss: 'x' })}`,
        'Fields `role` and `exp` are required in JWT',
      ],
    ];
    for (const [query, error] of cases) {
      expect(await upgradeRefusal(realtime.url, query)).toEqual({ status: 401, body: { error } });
    }
  });

  it('answers heartbeats on the phoenix topic, in vsn 2.0.0 arrays and vsn 1.0.0 objects', async () => {
    for (const vsn of ['2.0.0', '1.0.0'] as const) {
      const client = await connect(vsn);
      client.push(null, '9', 'phoenix', 'heartbeat', {});
      expect(await client.next((frame) => frame.ref === '9')).toEqual({
        joinRef: null,
        ref: '9',
        topic: 'phoenix',
        event: 'phx_reply',
        payload: { status: 'ok', response: {} },
      });
    }
  });
});

describe('channels', () => {
  it('replies ok with postgres_changes: [] and pushes presence_state with the join_ref', async () => {
    const client = await connect('1.0.0');
    const response = await client.join('realtime:plain', '1', {
      config: { broadcast: { self: false }, presence: { key: 'me', enabled: true } },
    });
    expect(response).toEqual({ postgres_changes: [] });
    const state = await client.next((frame) => frame.event === 'presence_state');
    expect(state).toMatchObject({ joinRef: '1', ref: null, payload: {} });
  });

  it('closes on phx_leave: ok reply, then phx_close carrying the join_ref as ref', async () => {
    const client = await connect();
    await client.join('realtime:leaving', '3', { config: {} });
    client.push('3', '4', 'realtime:leaving', 'phx_leave', {});
    const reply = await client.next((frame) => frame.ref === '4');
    expect(reply.payload).toEqual({ status: 'ok', response: {} });
    const close = await client.next((frame) => frame.event === 'phx_close');
    expect(close).toEqual({
      joinRef: '3',
      ref: '3',
      topic: 'realtime:leaving',
      event: 'phx_close',
      payload: {},
    });
  });

  it('rejects pushes to topics not joined, but acknowledges leaving them', async () => {
    const client = await connect();
    client.push('1', '1', 'realtime:nowhere', 'broadcast', {
      type: 'broadcast',
      event: 'x',
      payload: {},
    });
    client.push('1', '2', 'realtime:nowhere', 'phx_leave', {});
    client.push('1', '3', 'other:topic', 'phx_join', {});
    expect((await client.next((frame) => frame.ref === '1')).payload).toEqual({
      status: 'error',
      response: { reason: 'unmatched topic' },
    });
    expect((await client.next((frame) => frame.ref === '2')).payload.status).toBe('ok');
    expect((await client.next((frame) => frame.ref === '3')).payload.response).toEqual({
      reason: 'unmatched topic',
    });
  });

  it('refuses joins with Realtime’s reasons', async () => {
    const client = await connect();
    const reason = async (topic: string, ref: string, payload: object) => {
      client.push(ref, ref, topic, 'phx_join', payload);
      const reply = await client.next((frame) => frame.ref === ref);
      expect(reply.payload.status).toBe('error');
      return reply.payload.response.reason;
    };
    const expired = await realtime.sign({ role: 'authenticated' }, -12);
    expect(await reason('realtime:', '1', {})).toBe(
      'TopicNameRequired: You must provide a topic name',
    );
    expect(await reason('realtime:a', '2', { access_token: expired })).toMatch(
      /^InvalidJWTToken: Token has expired 1[2-4] seconds ago$/,
    );
    expect(await reason('realtime:a', '3', { access_token: 'x.y.z' })).toBe(
      'MalformedJWT: The token provided is not a valid JWT',
    );
    expect(await reason('realtime:a', '4', { access_token: await realtime.sign({}) })).toBe(
      'InvalidJWTToken: Fields `role` and `exp` are required in JWT',
    );
    expect(await reason('realtime:secret', '5', { config: { private: true } })).toBe(
      'Unauthorized: You do not have permissions to read from this Channel topic: secret',
    );
  });

  it('lets service_role join private channels, which public ones of the same name do not see', async () => {
    const privateClient = await connect('2.0.0', realtime.serviceRoleKey);
    const publicClient = await connect();
    await privateClient.join('realtime:room', '1', { config: { private: true } });
    await publicClient.join('realtime:room', '1', { config: { broadcast: { self: true } } });
    publicClient.push('1', '2', 'realtime:room', 'broadcast', {
      type: 'broadcast',
      event: 'e',
      payload: { n: 1 },
    });
    await publicClient.next((frame) => frame.event === 'broadcast');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(privateClient.all('broadcast')).toEqual([]);
  });

  it('answers a non-map presence payload with Realtime’s error', async () => {
    const client = await connect();
    await client.join('realtime:p', '1', { config: { presence: { enabled: true } } });
    client.push('1', '2', 'realtime:p', 'presence', {
      type: 'presence',
      event: 'track',
      payload: [1],
    });
    expect((await client.next((frame) => frame.ref === '2')).payload).toEqual({
      status: 'error',
      response: { reason: 'Presence track payload must be a map' },
    });
  });
});

describe('binary broadcast', () => {
  it('passes a kind-3 push on as kind 4 to vsn 2.0.0 and as JSON to vsn 1.0.0 members', async () => {
    const sender = await connect();
    const v2 = await connect('2.0.0');
    const v1 = await connect('1.0.0');
    for (const client of [sender, v2, v1]) await client.join('realtime:bin', '1', { config: {} });

    const head = Buffer.from([3, 1, 1, 12, 3, 0, 1]);
    sender.sendBinary(Buffer.concat([head, Buffer.from('12realtime:binmsg{"a":1}')]));

    const frame = await v2.nextBinary();
    expect([...frame.subarray(0, 5)]).toEqual([4, 12, 3, 0, 1]);
    expect(frame.subarray(5).toString()).toBe('realtime:binmsg{"a":1}');
    const json = await v1.next((received) => received.event === 'broadcast');
    expect(json).toMatchObject({
      joinRef: null,
      ref: null,
      payload: { type: 'broadcast', event: 'msg', payload: { a: 1 } },
    });
    // self is false by default: the sender gets nothing back.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sender.received.some((received) => 'binary' in received)).toBe(false);
  });

  it('acknowledges a binary push to the ref in its header when ack is on', async () => {
    const client = await connect();
    await client.join('realtime:acked', '1', { config: { broadcast: { ack: true, self: true } } });
    const bytes = Buffer.from([0xde, 0xad]);
    const head = Buffer.from([3, 1, 1, 14, 4, 0, 0]);
    client.sendBinary(Buffer.concat([head, Buffer.from('17realtime:ackedblob'), bytes]));
    expect((await client.next((frame) => frame.ref === '7')).payload).toEqual({
      status: 'ok',
      response: {},
    });
    const frame = await client.nextBinary();
    expect([...frame.subarray(0, 5)]).toEqual([4, 14, 4, 0, 0]);
    expect([...frame.subarray(-2)]).toEqual([0xde, 0xad]);
  });
});
