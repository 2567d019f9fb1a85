import WebSocket from 'ws';
import {
  type Channel,
  type ChannelConnection,
  type RealtimeContext,
  TOPIC_PREFIX,
} from './channel';
import { joinChannel } from './join';
import { decodeFrame, type InboundMessage, textFrame, type Vsn } from './serializer';

/** Phoenix closes a socket that has been silent this long; clients heartbeat every 25 s. */
const IDLE_TIMEOUT_MS = 60_000;

/**
 * One client WebSocket: decodes frames, answers heartbeats and routes the rest to its channels.
 * Messages are handled one at a time, in order, as a Phoenix socket and channel processes do.
 */
export class Connection implements ChannelConnection {
  private readonly channels = new Map<string, Channel>();
  private queue: Promise<void> = Promise.resolve();
  private readonly idle: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    readonly vsn: Vsn,
    readonly token: string,
    private readonly context: RealtimeContext,
  ) {
    this.idle = setTimeout(() => ws.terminate(), IDLE_TIMEOUT_MS);
    ws.on('message', (data, isBinary) => {
      this.idle.refresh();
      this.enqueue(() => this.receive(data as Buffer, isBinary));
    });
    ws.on('close', () => {
      clearTimeout(this.idle);
      this.enqueue(() => this.leaveAll());
    });
    ws.on('error', (error) => context.log(`realtime: websocket error: ${error.message}`));
  }

  send(frame: string | Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  reply(message: InboundMessage, status: 'ok' | 'error', response: object): void {
    const { joinRef, ref, topic } = message;
    this.send(
      textFrame(this.vsn, joinRef, ref, topic, 'phx_reply', JSON.stringify({ status, response })),
    );
  }

  enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue
      .then(task)
      .catch((error: unknown) => this.context.log(`realtime: ${String(error)}`));
  }

  forget(channel: Channel): void {
    if (this.channels.get(channel.topic) === channel) this.channels.delete(channel.topic);
  }

  private async receive(data: Buffer, isBinary: boolean): Promise<void> {
    let message: InboundMessage;
    try {
      message = decodeFrame(this.vsn, data, isBinary);
    } catch {
      this.context.log('realtime: ignored a frame that is not a Phoenix message');
      return;
    }
    if (message.topic === 'phoenix' && message.event === 'heartbeat') {
      return this.reply(message, 'ok', {});
    }
    if (message.event === 'phx_join') return this.join(message);
    const channel = this.channels.get(message.topic);
    if (channel) return channel.handle(message);
    // Phoenix acknowledges leaving a topic it does not know and rejects anything else.
    if (message.event === 'phx_leave') return this.reply(message, 'ok', {});
    this.reply(message, 'error', { reason: 'unmatched topic' });
  }

  private async join(message: InboundMessage): Promise<void> {
    if (!message.topic.startsWith(TOPIC_PREFIX)) {
      return this.reply(message, 'error', { reason: 'unmatched topic' });
    }
    // A second join of a topic replaces the first, as Phoenix does.
    this.channels.get(message.topic)?.terminate();
    this.channels.delete(message.topic);
    const channel = await joinChannel(this, this.context, message);
    if (channel) this.channels.set(message.topic, channel);
  }

  private leaveAll(): void {
    for (const channel of this.channels.values()) channel.terminate();
    this.channels.clear();
  }
}
