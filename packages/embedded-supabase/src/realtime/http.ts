import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AuthorizationUnavailable } from './authorization';
import { type Broadcast, deliverBroadcast } from './broadcast';
import type { RealtimeContext } from './channel';
import { UserBroadcast } from './serializer';
import { type Claims, TokenError, verifyToken } from './tokens';
import { topicKey } from './topics';

const batchSchema = z.object({
  messages: z
    .array(
      z.object({
        topic: z.string().min(1),
        event: z.string().min(1),
        payload: z.record(z.string(), z.unknown()),
        private: z.boolean().optional(),
        id: z.string().optional(),
      }),
    )
    .min(1),
});

/**
 * The HTTP broadcast API, mounted by the gateway under /realtime/v1/api (docs/supabase-compatibility.md §2.5). Topics
 * are channel names without the `realtime:` prefix. Sending to a private topic needs an INSERT
 * policy on realtime.messages for the sender.
 */
export function createBroadcastApi(context: RealtimeContext): Hono {
  const api = new Hono();
  const unauthorized = (c: Context) => c.json({ message: 'Unauthorized' }, 401);

  api.post('/broadcast', async (c) => {
    const claims = await authorize(c, context);
    if (!claims) return unauthorized(c);
    const parsed = batchSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: z.prettifyError(parsed.error) }, 422);
    for (const message of parsed.data.messages) {
      // Upstream skips the messages of private topics the sender may not write to.
      if (message.private && !(await mayBroadcast(context, claims, message.topic))) continue;
      const json = {
        type: 'broadcast',
        event: message.event,
        payload: message.payload,
        ...(message.id ? { meta: { id: message.id } } : {}),
      };
      deliverBroadcast(context.topics.of(topicKey(message.topic, message.private === true)), {
        json,
      });
    }
    return c.body(null, 202);
  });

  api.post('/broadcast/:topic/events/:event', async (c) => {
    const claims = await authorize(c, context);
    const isPrivate = c.req.query('private') === 'true';
    const { topic, event } = c.req.param();
    if (!claims || (isPrivate && !(await mayBroadcast(context, claims, topic)))) {
      return unauthorized(c);
    }
    const contentType = c.req.header('content-type') ?? '';
    let broadcast: Broadcast;
    if (contentType.startsWith('application/octet-stream')) {
      broadcast = new UserBroadcast(event, 'binary', new Uint8Array(await c.req.arrayBuffer()));
    } else if (contentType.startsWith('application/json')) {
      const payload: unknown = await c.req.json().catch(() => undefined);
      if (payload === undefined) return c.json({ message: 'The body is not valid JSON' }, 422);
      broadcast = { json: { type: 'broadcast', event, payload } };
    } else {
      return c.json({ message: 'Use application/json or application/octet-stream' }, 415);
    }
    deliverBroadcast(context.topics.of(topicKey(topic, isPrivate)), broadcast);
    return c.body(null, 202);
  });

  return api;
}

/** Sending to a private topic takes an INSERT policy on realtime.messages (service_role bypasses RLS). */
async function mayBroadcast(context: RealtimeContext, claims: Claims, topic: string) {
  try {
    return await context.authorization.write(claims, topic, 'broadcast');
  } catch (error) {
    if (error instanceof AuthorizationUnavailable) return false;
    throw error;
  }
}

/** The Bearer token, else the apikey header (both already JWTs behind the gateway). */
async function authorize(c: Context, context: RealtimeContext): Promise<Claims | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const token = bearer ?? c.req.header('apikey');
  if (!token) return null;
  try {
    return await verifyToken(context.verifyJwt, token);
  } catch (error) {
    if (error instanceof TokenError) return null;
    throw error;
  }
}
