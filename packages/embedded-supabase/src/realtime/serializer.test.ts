import { describe, expect, it } from 'vitest';
import { decodeFrame, textFrame, UserBroadcast, userBroadcastFrame } from './serializer';

describe('decodeFrame', () => {
  it('reads vsn 2.0.0 arrays and vsn 1.0.0 objects', () => {
    const v2 = Buffer.from('["1","2","realtime:room","phx_join",{"a":1}]');
    const v1 = Buffer.from(
      '{"topic":"realtime:room","event":"phx_join","payload":{"a":1},"ref":"2","join_ref":"1"}',
    );
    const expected = {
      joinRef: '1',
      ref: '2',
      topic: 'realtime:room',
      event: 'phx_join',
      payload: { a: 1 },
    };
    expect(decodeFrame('2.0.0', v2, false)).toEqual(expected);
    expect(decodeFrame('1.0.0', v1, false)).toEqual(expected);
    expect(decodeFrame('2.0.0', Buffer.from('[null,"5","phoenix","heartbeat",{}]'), false)).toEqual(
      {
        joinRef: null,
        ref: '5',
        topic: 'phoenix',
        event: 'heartbeat',
        payload: {},
      },
    );
  });

  it("reads realtime-js's binary broadcast push (kind 3), the contract's example bytes", () => {
    const frame = Buffer.concat([
      Buffer.from([3, 1, 1, 14, 3, 0, 1]),
      Buffer.from('12realtime:room1msg{"a":1}'),
    ]);
    const message = decodeFrame('2.0.0', frame, true);
    expect(message).toMatchObject({
      joinRef: '1',
      ref: '2',
      topic: 'realtime:room1',
      event: 'broadcast',
    });
    const broadcast = message.payload as UserBroadcast;
    expect(broadcast).toBeInstanceOf(UserBroadcast);
    expect(broadcast.event).toBe('msg');
    expect(broadcast.encoding).toBe('json');
    expect(Buffer.from(broadcast.payload).toString()).toBe('{"a":1}');
  });

  it('refuses frames that are not Phoenix messages', () => {
    expect(() => decodeFrame('2.0.0', Buffer.from('[1,2]'), false)).toThrow();
    expect(() => decodeFrame('2.0.0', Buffer.from([4, 0, 0, 0, 1]), true)).toThrow();
    expect(() => decodeFrame('1.0.0', Buffer.from('nope'), false)).toThrow();
  });
});

describe('encoding', () => {
  it('writes text frames in either vsn from an already serialized payload', () => {
    expect(textFrame('2.0.0', '1', null, 'realtime:a', 'system', '{"x":1}')).toBe(
      '["1",null,"realtime:a","system",{"x":1}]',
    );
    expect(
      JSON.parse(textFrame('1.0.0', null, '7', 'phoenix', 'phx_reply', '{"status":"ok"}')),
    ).toEqual({
      topic: 'phoenix',
      event: 'phx_reply',
      payload: { status: 'ok' },
      ref: '7',
      join_ref: null,
    });
  });

  it('writes user broadcasts as kind 4: kind, topic/event/meta lengths, encoding, then bytes', () => {
    const frame = userBroadcastFrame(
      'realtime:é',
      new UserBroadcast('ping', 'binary', new Uint8Array([1, 2, 3])),
    );
    expect([...frame.subarray(0, 5)]).toEqual([4, 11, 4, 0, 0]);
    expect(frame.subarray(5, 16).toString()).toBe('realtime:é');
    expect(frame.subarray(16, 20).toString()).toBe('ping');
    expect([...frame.subarray(20)]).toEqual([1, 2, 3]);
  });
});
