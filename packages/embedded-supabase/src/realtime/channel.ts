import {
  type Authorization,
  AuthorizationUnavailable,
  type Extension,
  type Policies,
} from './authorization';
import { type Broadcast, deliverBroadcast } from './broadcast';
import { type PostgresChanges, SubscribeError } from './changes';
import type { JoinConfig } from './join';
import { asObject, isObject } from './json';
import type { Presence } from './presence';
import { type InboundMessage, textFrame, UserBroadcast, type Vsn } from './serializer';
import { type Claims, msUntilExpiry, TokenError, type VerifyJwt, verifyToken } from './tokens';
import { type Topics, topicKey } from './topics';

/** What every channel shares: token verification, fan-out registries, postgres_changes. */
export interface RealtimeContext {
  verifyJwt: VerifyJwt;
  topics: Topics<Channel>;
  presence: Presence<Channel>;
  changes: PostgresChanges;
  /** Realtime Authorization of private channels (policies on realtime.messages). */
  authorization: Authorization;
  log(message: string): void;
}

/** What a channel needs from its WebSocket connection. */
export interface ChannelConnection {
  readonly vsn: Vsn;
  /** The token the socket connected with; a join without one (or with an sb_ key) uses it. */
  readonly token: string;
  send(frame: string | Buffer): void;
  reply(message: InboundMessage, status: 'ok' | 'error', response: object): void;
  /** Runs the task after the messages already received, as a message to the channel would. */
  enqueue(task: () => Promise<void> | void): void;
  forget(channel: Channel): void;
}

export const TOPIC_PREFIX = 'realtime:';

interface SystemResult {
  status: 'ok' | 'error';
  message: string;
}

export class Channel {
  readonly topicKey: string;
  readonly joinRef: string;
  readonly presenceKey: string;
  claimsJson = '';
  private joined = true;
  private claims!: Claims;
  private presenceEnabled: boolean;
  private expiryCheck: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: ChannelConnection,
    private readonly context: RealtimeContext,
    join: InboundMessage,
    readonly name: string,
    private token: string,
    claims: Claims,
    private readonly config: JoinConfig,
    /** What the policies allow on this topic; null on a public channel (everything). */
    private policies: Policies | null,
  ) {
    this.joinRef = join.joinRef ?? join.ref ?? '';
    this.topicKey = topicKey(name, config.isPrivate);
    this.presenceKey = config.presenceKey;
    this.presenceEnabled = config.presenceEnabled;
    this.setClaims(claims);
  }

  get topic(): string {
    return TOPIC_PREFIX + this.name;
  }

  get vsn(): Vsn {
    return this.connection.vsn;
  }

  get role(): string {
    return this.claims.role;
  }

  /** A private channel gets broadcasts only while its user may read them. */
  get receivesBroadcast(): boolean {
    return this.policies === null || this.policies.broadcastRead;
  }

  get receivesPresence(): boolean {
    return this.policies === null || this.policies.presenceRead;
  }

  send(frame: string | Buffer): void {
    if (this.joined) this.connection.send(frame);
  }

  /** A push from the channel itself carries its join_ref (system, presence_state, phx_close). */
  push(event: string, payload: object, ref: string | null = null): void {
    this.send(textFrame(this.vsn, this.joinRef, ref, this.topic, event, JSON.stringify(payload)));
  }

  pushSystem(extension: 'system' | 'postgres_changes', { status, message }: SystemResult): void {
    this.push('system', { extension, status, message, channel: this.name });
  }

  pushPresenceState(): void {
    if (!this.receivesPresence) return;
    this.push('presence_state', this.context.presence.state(this.topicKey));
  }

  async handle(message: InboundMessage): Promise<void> {
    switch (message.event) {
      case 'phx_leave':
        this.connection.reply(message, 'ok', {});
        this.close();
        return;
      case 'broadcast':
        if (!(await this.mayWrite('broadcast'))) return;
        return this.broadcast(message);
      case 'presence':
        if (isTrack(message.payload) && !(await this.mayWrite('presence'))) {
          this.connection.reply(message, 'error', {});
          return;
        }
        return this.presence(message);
      case 'access_token':
        return this.refreshToken(message.payload);
      default:
        // Realtime ignores other events without a reply.
        return;
    }
  }

  async subscribeToChanges(): Promise<SystemResult> {
    try {
      await this.context.changes.subscribe(this, this.config.bindings);
      return { status: 'ok', message: 'Subscribed to PostgreSQL' };
    } catch (error) {
      if (!(error instanceof SubscribeError)) {
        this.context.log(`realtime: postgres_changes subscription failed: ${String(error)}`);
      }
      return { status: 'error', message: (error as Error).message };
    }
  }

  /** Leaves the topic: no more pushes, presence left, subscriptions dropped. */
  terminate(): void {
    if (!this.joined) return;
    this.joined = false;
    clearTimeout(this.expiryCheck);
    this.context.topics.remove(this);
    this.context.changes.unsubscribe(this);
    const diff = this.context.presence.untrack(this);
    if (diff) this.pushToTopic('presence_diff', diff);
  }

  private close(): void {
    this.push('phx_close', {}, this.joinRef);
    this.terminate();
    this.connection.forget(this);
  }

  /** Realtime's shutdown_response: a system error, then the channel closes. */
  private shutdown(message: string): void {
    this.pushSystem('system', { status: 'error', message });
    this.close();
  }

  private broadcast(message: InboundMessage): void {
    const broadcast: Broadcast =
      message.payload instanceof UserBroadcast
        ? message.payload
        : { json: asObject(message.payload) };
    const receivers = this.context.topics.of(this.topicKey);
    deliverBroadcast(receivers, broadcast, this.config.selfBroadcast ? undefined : this);
    if (this.config.ackBroadcast) this.connection.reply(message, 'ok', {});
  }

  private presence(message: InboundMessage): void {
    const { event, payload = {} } = asObject(message.payload);
    const action = typeof event === 'string' ? event.toLowerCase() : undefined;
    if (action === 'track') {
      if (!isObject(payload)) {
        this.connection.reply(message, 'error', { reason: 'Presence track payload must be a map' });
        return;
      }
      const diff = this.context.presence.track(this, payload);
      this.connection.reply(message, 'ok', {});
      if (diff) this.pushToTopic('presence_diff', diff);
      if (!this.presenceEnabled) {
        // Tracking enables presence; without this state the client would never sync.
        this.presenceEnabled = true;
        this.pushPresenceState();
      }
    } else if (action === 'untrack') {
      const diff = this.context.presence.untrack(this);
      this.connection.reply(message, 'ok', {});
      if (diff) this.pushToTopic('presence_diff', diff);
    } else if (action === undefined) {
      this.connection.reply(message, 'ok', {});
    } else {
      this.connection.reply(message, 'error', {});
    }
  }

  private async refreshToken(payload: unknown): Promise<void> {
    const token = asObject(payload).access_token;
    if (typeof token !== 'string' || token.startsWith('sb_') || token === this.token) return;
    let claims: Claims;
    try {
      claims = await verifyToken(this.context.verifyJwt, token);
    } catch (error) {
      if (error instanceof TokenError) return this.shutdown(error.message);
      throw error;
    }
    if (this.policies) {
      // Realtime re-asks the policies with the new token; read rights lost close the channel.
      const previous = this.policies;
      let current: Policies;
      try {
        current = await this.context.authorization.read(claims, this.name);
      } catch (error) {
        if (error instanceof AuthorizationUnavailable) return this.shutdown(error.message);
        throw error;
      }
      if (
        (previous.broadcastRead && !current.broadcastRead) ||
        (previous.presenceRead && !current.presenceRead) ||
        !mayJoin(current, this.presenceEnabled)
      ) {
        return this.shutdown(
          `You no longer have permission to read from this Channel topic: ${this.name}`,
        );
      }
      this.policies = current;
    }
    this.token = token;
    this.setClaims(claims);
    // Realtime re-subscribes with the new claims and confirms it again.
    if (this.config.bindings.length > 0) {
      this.pushSystem('postgres_changes', await this.subscribeToChanges());
    }
  }

  private setClaims(claims: Claims): void {
    this.claims = claims;
    this.claimsJson = JSON.stringify(claims);
    clearTimeout(this.expiryCheck);
    this.expiryCheck = setTimeout(
      () => this.connection.enqueue(() => this.checkExpiry()),
      msUntilExpiry(claims),
    );
    this.expiryCheck.unref();
  }

  /** Re-verifies the token at `exp` (and hourly): an expired token closes the channel. */
  private async checkExpiry(): Promise<void> {
    if (!this.joined) return;
    try {
      this.setClaims(await verifyToken(this.context.verifyJwt, this.token));
    } catch (error) {
      if (error instanceof TokenError) return this.shutdown(error.message);
      throw error;
    }
  }

  /** Send rights on a private channel, asked once per token (as Realtime caches them). */
  private async mayWrite(extension: Extension): Promise<boolean> {
    if (!this.policies) return true;
    const key = extension === 'broadcast' ? 'broadcastWrite' : 'presenceWrite';
    if (this.policies[key] === undefined) {
      const policies = this.policies;
      try {
        policies[key] = await this.context.authorization.write(this.claims, this.name, extension);
      } catch (error) {
        if (error instanceof AuthorizationUnavailable) return false;
        throw error;
      }
    }
    return this.policies[key] === true;
  }

  private pushToTopic(event: string, payload: object): void {
    const json = JSON.stringify(payload);
    for (const member of this.context.topics.of(this.topicKey)) {
      if (event.startsWith('presence') && !member.receivesPresence) continue;
      member.send(textFrame(member.vsn, null, null, member.topic, event, json));
    }
  }
}

/** Realtime joins a private channel when broadcast, or presence if enabled, may be received. */
export function mayJoin(policies: Policies, presenceEnabled: boolean): boolean {
  return policies.broadcastRead || (presenceEnabled && policies.presenceRead);
}

function isTrack(payload: unknown): boolean {
  const event = asObject(payload).event;
  return typeof event === 'string' && event.toLowerCase() === 'track';
}
