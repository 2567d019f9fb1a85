import { textFrame, UserBroadcast, userBroadcastFrame, type Vsn } from './serializer';

/**
 * A broadcast as pushed: a JSON push's payload (`{type:'broadcast', event, payload}`) passed on
 * verbatim, or a binary-frame push whose payload bytes are passed on untouched.
 */
export type Broadcast = { json: Record<string, unknown> } | UserBroadcast;

export interface BroadcastReceiver {
  readonly topic: string;
  readonly vsn: Vsn;
  /** false: a private channel whose user may not receive broadcasts. */
  readonly receivesBroadcast?: boolean;
  send(frame: string | Buffer): void;
}

/** Sends one broadcast to every receiver (all on one topic), encoding it once per vsn. */
export function deliverBroadcast(
  receivers: Iterable<BroadcastReceiver>,
  broadcast: Broadcast,
  except?: BroadcastReceiver,
): void {
  const frames = new Map<Vsn, string | Buffer | null>();
  for (const receiver of receivers) {
    if (receiver === except || receiver.receivesBroadcast === false) continue;
    let frame = frames.get(receiver.vsn);
    if (frame === undefined) {
      frame = encodeBroadcast(receiver.vsn, receiver.topic, broadcast);
      frames.set(receiver.vsn, frame);
    }
    if (frame !== null) receiver.send(frame);
  }
}

/** null: the receiver cannot represent it (binary payloads on vsn 1.0.0 are dropped, as upstream). */
function encodeBroadcast(vsn: Vsn, topic: string, broadcast: Broadcast): string | Buffer | null {
  if (!(broadcast instanceof UserBroadcast)) {
    return textFrame(vsn, null, null, topic, 'broadcast', JSON.stringify(broadcast.json));
  }
  if (vsn === '2.0.0' && fitsBinaryHeader(topic, broadcast.event)) {
    return userBroadcastFrame(topic, broadcast);
  }
  if (broadcast.encoding === 'binary') return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(broadcast.payload).toString('utf8'));
    const json = JSON.stringify({ type: 'broadcast', event: broadcast.event, payload });
    return textFrame(vsn, null, null, topic, 'broadcast', json);
  } catch {
    return null;
  }
}

function fitsBinaryHeader(topic: string, event: string): boolean {
  return Buffer.byteLength(topic) <= 255 && Buffer.byteLength(event) <= 255;
}
