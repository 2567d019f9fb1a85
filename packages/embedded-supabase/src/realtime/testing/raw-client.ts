import WebSocket from 'ws';

/** Server JSON as tests read it: whatever shape the assertion expects. */
// biome-ignore lint/suspicious/noExplicitAny: assertions check the shape.
type Json = any;

/** A received frame: text frames decoded, binary ones kept as bytes. */
export type Received =
  | { joinRef: string | null; ref: string | null; topic: string; event: string; payload: Json }
  | { binary: Buffer };

/** A bare Phoenix client that shows the frames supabase-js would hide. */
export class RawClient {
  readonly received: Received[] = [];
  /** The text frames as sent, for what JSON.parse would lose (big integers). */
  readonly texts: string[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly ws: WebSocket,
    readonly vsn: '1.0.0' | '2.0.0',
  ) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) this.texts.push(data.toString());
      this.received.push(isBinary ? { binary: data } : decode(vsn, data.toString()));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(
    baseUrl: string,
    params: Record<string, string>,
    vsn: '1.0.0' | '2.0.0' = '2.0.0',
  ): Promise<RawClient> {
    const query = new URLSearchParams({ ...params, vsn });
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/realtime/v1/websocket?${query}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new RawClient(ws, vsn);
  }

  push(joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown) {
    this.ws.send(
      this.vsn === '2.0.0'
        ? JSON.stringify([joinRef, ref, topic, event, payload])
        : JSON.stringify({ join_ref: joinRef, ref, topic, event, payload }),
    );
  }

  sendBinary(frame: Buffer): void {
    this.ws.send(frame);
  }

  /** Joins and returns the reply's response (throws on an error reply). */
  async join(topic: string, ref: string, payload: object): Promise<Json> {
    this.push(ref, ref, topic, 'phx_join', payload);
    const reply = await this.next((frame) => frame.event === 'phx_reply' && frame.ref === ref);
    if (reply.payload.status !== 'ok') throw new Error(JSON.stringify(reply.payload.response));
    return reply.payload.response;
  }

  /** The first received frame matching, waiting for it if needed. */
  async next(
    matches: (frame: Extract<Received, { topic: string }>) => boolean,
    timeoutMs = 5000,
  ): Promise<Extract<Received, { topic: string }>> {
    const found = () =>
      this.received.find(
        (frame): frame is Extract<Received, { topic: string }> =>
          'topic' in frame && matches(frame),
      );
    const deadline = Date.now() + timeoutMs;
    for (let frame = found(); ; frame = found()) {
      if (frame) return frame;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no matching frame arrived');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async nextBinary(timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const frame = this.received.find((received) => 'binary' in received);
      if (frame && 'binary' in frame) return frame.binary;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no binary frame arrived');
  }

  all(event: string): Extract<Received, { topic: string }>[] {
    return this.received.filter(
      (frame): frame is Extract<Received, { topic: string }> =>
        'topic' in frame && frame.event === event,
    );
  }

  close(): void {
    this.ws.terminate();
  }
}

function decode(vsn: '1.0.0' | '2.0.0', text: string): Received {
  const parsed = JSON.parse(text);
  if (vsn === '2.0.0') {
    const [joinRef, ref, topic, event, payload] = parsed;
    return { joinRef, ref, topic, event, payload };
  }
  return {
    joinRef: parsed.join_ref,
    ref: parsed.ref,
    topic: parsed.topic,
    event: parsed.event,
    payload: parsed.payload,
  };
}

/** The WebSocket upgrade's refusal, as an HTTP status and JSON body. */
export async function upgradeRefusal(
  baseUrl: string,
  query: string,
): Promise<{ status: number; body: unknown }> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/realtime/v1/websocket?${query}`);
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) }),
      );
    });
  });
}
