import { randomUUID } from 'node:crypto';
import { AuthorizationUnavailable, type Policies } from './authorization';
import { type Binding, parseBindings } from './changes';
import {
  Channel,
  type ChannelConnection,
  mayJoin,
  type RealtimeContext,
  TOPIC_PREFIX,
} from './channel';
import { asObject, isObject } from './json';
import type { InboundMessage } from './serializer';
import { type Claims, TokenError, verifyToken } from './tokens';

/** The join payload's config (docs/supabase-compatibility.md §2.3), with Realtime's defaults. */
export interface JoinConfig {
  accessToken: string | undefined;
  selfBroadcast: boolean;
  ackBroadcast: boolean;
  presenceKey: string;
  presenceEnabled: boolean;
  isPrivate: boolean;
  bindings: Binding[];
  /** postgres_changes_options.wait: reply only once the subscription is in place. */
  waitForChanges: boolean;
}

/**
 * Handles a phx_join: replies, then pushes presence_state and the postgres_changes subscription
 * result like the Realtime channel process does. Returns the joined channel, or null after an
 * error reply.
 */
export async function joinChannel(
  connection: ChannelConnection,
  context: RealtimeContext,
  message: InboundMessage,
): Promise<Channel | null> {
  const fail = (reason: string) => {
    connection.reply(message, 'error', { reason });
    return null;
  };
  const name = message.topic.slice(TOPIC_PREFIX.length);
  if (name === '') return fail('TopicNameRequired: You must provide a topic name');

  const config = parseJoin(message.payload);
  const token =
    config.accessToken && !config.accessToken.startsWith('sb_')
      ? config.accessToken
      : connection.token;
  let claims: Claims;
  try {
    claims = await verifyToken(context.verifyJwt, token);
  } catch (error) {
    if (error instanceof TokenError) return fail(error.reason);
    throw error;
  }
  // Private channels: the policies on realtime.messages decide, asked as this user.
  let policies: Policies | null = null;
  if (config.isPrivate) {
    try {
      policies = await context.authorization.read(claims, name);
    } catch (error) {
      if (error instanceof AuthorizationUnavailable) {
        return fail(`UnableToConnectToProject: ${error.message}`);
      }
      throw error;
    }
    if (!mayJoin(policies, config.presenceEnabled)) {
      return fail(
        `Unauthorized: You do not have permissions to read from this Channel topic: ${name}`,
      );
    }
  }

  const channel = new Channel(connection, context, message, name, token, claims, config, policies);
  const subscribed = config.bindings.length > 0 ? channel.subscribeToChanges() : null;
  if (config.waitForChanges && subscribed) {
    const result = await subscribed;
    if (result.status === 'error') {
      channel.terminate();
      return fail(`RealtimeDisabledForConfiguration: ${result.message}`);
    }
  }
  context.topics.add(channel);
  connection.reply(message, 'ok', {
    postgres_changes: config.bindings.map(({ params, id }) => ({ ...params, id })),
  });
  if (config.presenceEnabled) channel.pushPresenceState();
  if (subscribed) channel.pushSystem('postgres_changes', await subscribed);
  return channel;
}

function parseJoin(payload: unknown): JoinConfig {
  const { config: rawConfig, access_token, user_token } = asObject(payload);
  const config = asObject(rawConfig);
  const broadcast = asObject(config.broadcast);
  const presence = isObject(config.presence) ? config.presence : undefined;
  const key = presence?.key;
  const accessToken = [access_token, user_token].find((token) => typeof token === 'string');
  return {
    accessToken: accessToken as string | undefined,
    selfBroadcast: broadcast.self === true,
    ackBroadcast: broadcast.ack === true,
    presenceKey:
      typeof key === 'string' || typeof key === 'number'
        ? String(key) || randomUUID()
        : randomUUID(),
    // Without a presence config Realtime enables presence; realtime-js always sends one.
    presenceEnabled: presence ? presence.enabled === true || presence.enabled === 'true' : true,
    isPrivate: config.private === true,
    bindings: parseBindings(config.postgres_changes),
    waitForChanges: asObject(config.postgres_changes_options).wait === true,
  };
}
