import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, settle, subscribe } from '../../src/realtime/testing/channels';
import { realtimeSuite, userClient } from './clients';

type Received = { type: string; event: string; payload: unknown; meta?: unknown };

const suite = realtimeSuite();

function client(options: { vsn?: string } = {}): SupabaseClient {
  const created = options.vsn
    ? createClient(suite.target.url, suite.target.anonKey, {
        auth: { persistSession: false, autoRefreshToken: false },
        realtime: { transport: WebSocket as never, vsn: options.vsn },
      })
    : userClient(suite.target);
  suite.clients.push(created);
  return created;
}

/** Joins `room` on a fresh client and records every broadcast it is sent. */
async function member(room: string, config: { self?: boolean; ack?: boolean } = {}, vsn?: string) {
  const received: Received[] = [];
  const channel: RealtimeChannel = client({ vsn })
    .channel(room, { config: { broadcast: config } })
    .on('broadcast', { event: '*' }, (message: Received) => received.push(message));
  await subscribe(channel);
  return { channel, received };
}

describe('broadcast over the socket', () => {
  it('reaches the other members but not the sender unless self is on', async () => {
    const sender = await member('self-off');
    const other = await member('self-off');
    expect(
      await sender.channel.send({ type: 'broadcast', event: 'hello', payload: { n: 1 } }),
    ).toBe('ok');
    await eventually(() => other.received[0]);
    expect(other.received).toEqual([{ type: 'broadcast', event: 'hello', payload: { n: 1 } }]);
    await settle();
    expect(sender.received).toEqual([]);

    const echoing = await member('self-on', { self: true });
    await echoing.channel.send({ type: 'broadcast', event: 'echo', payload: { n: 2 } });
    expect(await eventually(() => echoing.received[0])).toEqual({
      type: 'broadcast',
      event: 'echo',
      payload: { n: 2 },
    });
  });

  it('acknowledges a push when ack is on', async () => {
    const sender = await member('acked', { ack: true, self: true });
    expect(await sender.channel.send({ type: 'broadcast', event: 'ack', payload: {} })).toBe('ok');
    await eventually(() => sender.received[0]);
  });

  it('passes binary payloads through as bytes, and JSON on to a vsn 1.0.0 member', async () => {
    const sender = await member('bytes');
    const receiver = await member('bytes');
    const legacy = await member('bytes', {}, '1.0.0');
    const bytes = new Uint8Array([0, 1, 254, 255]);
    await sender.channel.send({ type: 'broadcast', event: 'blob', payload: bytes.buffer });
    await sender.channel.send({ type: 'broadcast', event: 'json', payload: { text: 'héllo' } });

    const blob = await eventually(() =>
      receiver.received.find((message) => message.event === 'blob'),
    );
    expect(blob.payload).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(blob.payload as ArrayBuffer)]).toEqual([0, 1, 254, 255]);
    expect(
      await eventually(() => legacy.received.find((message) => message.event === 'json')),
    ).toEqual({
      type: 'broadcast',
      event: 'json',
      payload: { text: 'héllo' },
    });
  });
});

describe('broadcast over HTTP', () => {
  it('sends single messages with httpSend, JSON or binary', async () => {
    const receiver = await member('http-single');
    const sender = client().channel('http-single');
    expect(await sender.httpSend('note', { via: 'http' })).toEqual({ success: true });
    expect(await sender.httpSend('raw', new Uint8Array([7, 8]).buffer)).toEqual({ success: true });
    await eventually(() => (receiver.received.length === 2 ? true : undefined));
    expect(receiver.received[0]).toEqual({
      type: 'broadcast',
      event: 'note',
      payload: { via: 'http' },
    });
    expect(receiver.received[1]!.event).toBe('raw');
    expect([...new Uint8Array(receiver.received[1]!.payload as ArrayBuffer)]).toEqual([7, 8]);
  });

  it('falls back to the batch endpoint when the channel is not joined', async () => {
    const receiver = await member('http-batch');
    const sender = client().channel('http-batch');
    expect(await sender.send({ type: 'broadcast', event: 'fallback', payload: { n: 3 } })).toBe(
      'ok',
    );
    expect(await eventually(() => receiver.received[0])).toEqual({
      type: 'broadcast',
      event: 'fallback',
      payload: { n: 3 },
    });
  });

  it('accepts a batch with 202, skipping private topics the sender may not write to', async () => {
    const receiver = await member('batch-many');
    const post = (key: string, messages: object[]) =>
      fetch(`${suite.target.url}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: {
          apikey: key,
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ messages }),
      });
    const response = await post(suite.target.anonKey, [
      { topic: 'batch-many', event: 'one', payload: { n: 1 } },
      { topic: 'batch-many', event: 'private', payload: { n: 2 }, private: true },
      { topic: 'batch-many', event: 'two', payload: { n: 3 } },
    ]);
    expect(response.status).toBe(202);
    await eventually(() => receiver.received.find((message) => message.event === 'two'));
    expect(receiver.received.map((message) => message.event)).toEqual(['one', 'two']);

    const invalid = await post(suite.target.anonKey, [{ topic: 'batch-many' }]);
    expect(invalid.status).toBe(422);
  });
});
