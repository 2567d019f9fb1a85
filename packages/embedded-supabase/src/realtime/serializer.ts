/**
 * The Phoenix wire formats @supabase/realtime-js speaks (docs/supabase-compatibility.md §2.1, §2.2, §2.5):
 * vsn 1.0.0 sends JSON objects, vsn 2.0.0 JSON arrays plus binary user-broadcast frames.
 */
export type Vsn = '1.0.0' | '2.0.0';

export interface InboundMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  /** Parsed JSON, or a UserBroadcast for a binary broadcast push. */
  payload: unknown;
}

/** A broadcast whose payload stays as bytes from the sender's frame to the receivers' frames. */
export class UserBroadcast {
  constructor(
    readonly event: string,
    readonly encoding: 'json' | 'binary',
    readonly payload: Uint8Array,
  ) {}
}

const USER_BROADCAST_PUSH = 3;
const USER_BROADCAST = 4;
const JSON_ENCODING = 1;
const BINARY_ENCODING = 0;

export function decodeFrame(vsn: Vsn, data: Buffer, isBinary: boolean): InboundMessage {
  if (isBinary) return decodeUserBroadcastPush(data);
  const parsed: unknown = JSON.parse(data.toString('utf8'));
  if (vsn === '2.0.0' && Array.isArray(parsed)) {
    const [joinRef, ref, topic, event, payload] = parsed;
    return message(joinRef, ref, topic, event, payload);
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const { join_ref, ref, topic, event, payload } = parsed as Record<string, unknown>;
    return message(join_ref, ref, topic, event, payload);
  }
  throw new Error('unexpected frame');
}

function message(
  joinRef: unknown,
  ref: unknown,
  topic: unknown,
  event: unknown,
  payload: unknown,
): InboundMessage {
  if (typeof topic !== 'string' || typeof event !== 'string') throw new Error('unexpected frame');
  return { joinRef: refOrNull(joinRef), ref: refOrNull(ref), topic, event, payload: payload ?? {} };
}

function refOrNull(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/**
 * Kind 3: u8 kind, u8 join_ref_len, u8 ref_len, u8 topic_len, u8 event_len, u8 meta_len,
 * u8 encoding, then join_ref, ref, topic, event, metadata, payload. Both vsns accept it, because
 * 2.119 clients send it whatever serializer the server picked.
 */
function decodeUserBroadcastPush(data: Buffer): InboundMessage {
  if (data[0] !== USER_BROADCAST_PUSH || data.length < 7) throw new Error('unexpected frame');
  const lengths = [data[1]!, data[2]!, data[3]!, data[4]!, data[5]!];
  const encoding = data[6] === JSON_ENCODING ? 'json' : 'binary';
  let offset = 7;
  const [joinRef, ref, topic, event] = lengths.map((length) => {
    const text = data.toString('utf8', offset, offset + length);
    offset += length;
    return text;
  });
  const payload = data.subarray(offset);
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic: topic!,
    event: 'broadcast',
    payload: new UserBroadcast(event!, encoding, payload),
  };
}

/** A text frame; `payloadJson` is already serialized so fan-out encodes a payload once. */
export function textFrame(
  vsn: Vsn,
  joinRef: string | null,
  ref: string | null,
  topic: string,
  event: string,
  payloadJson: string,
): string {
  const head = [joinRef, ref, topic, event].map((part) => JSON.stringify(part));
  if (vsn === '2.0.0') return `[${head.join(',')},${payloadJson}]`;
  const [joinRefJson, refJson, topicJson, eventJson] = head;
  return `{"topic":${topicJson},"event":${eventJson},"payload":${payloadJson},"ref":${refJson},"join_ref":${joinRefJson}}`;
}

/** Kind 4: u8 kind, u8 topic_len, u8 event_len, u8 meta_len, u8 encoding, topic, event, payload. */
export function userBroadcastFrame(topic: string, broadcast: UserBroadcast): Buffer {
  const topicBytes = Buffer.from(topic);
  const eventBytes = Buffer.from(broadcast.event);
  const header = Buffer.from([
    USER_BROADCAST,
    topicBytes.length,
    eventBytes.length,
    0,
    broadcast.encoding === 'json' ? JSON_ENCODING : BINARY_ENCODING,
  ]);
  return Buffer.concat([header, topicBytes, eventBytes, broadcast.payload]);
}
