import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';
import type { JWTPayload } from 'jose';
import postgres from 'postgres';
import { Authorization } from './authorization';
import { startPostgresChanges } from './changes';
import type { Channel, RealtimeContext } from './channel';
import { startDatabaseBroadcast } from './database-broadcast';
import { createBroadcastApi } from './http';
import { Presence } from './presence';
import { Topics } from './topics';
import { createWebSocketEndpoint } from './upgrade';

export interface RealtimeOptions {
  /** Superuser connection string of the embedded PostgreSQL (logical replication, RLS checks). */
  databaseUrl: string;
  /**
   * Verifies an access token or API-key JWT and returns its claims. Throws jose's errors
   * (JWTExpired, JWSSignatureVerificationFailed, JWSInvalid, JWTInvalid, …) on failure.
   */
  verifyJwt(token: string): Promise<JWTPayload>;
  log?: (message: string) => void;
}

export interface Realtime {
  /**
   * Takes over an HTTP upgrade of /realtime/v1/websocket. The gateway has already turned an
   * `sb_publishable_…`/`sb_secret_…` apikey query parameter into its JWT.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Routes served under /realtime/v1/api (HTTP broadcast); the gateway mounts them. */
  api: Hono;
  close(): Promise<void>;
}

/**
 * Supabase Realtime for the embedded stack: Phoenix channels over WebSocket with broadcast,
 * presence and postgres_changes (logical replication of the supabase_realtime publication,
 * checked against each subscriber's RLS), private channels authorized by the policies on
 * realtime.messages, and broadcast from the database (logical replication of realtime.messages).
 * Needs wal_level=logical and the Supabase bootstrap; leaves no replication slot.
 */
export async function createRealtime(options: RealtimeOptions): Promise<Realtime> {
  const log = options.log ?? (() => {});
  const sql = postgres(options.databaseUrl, {
    max: 4,
    onnotice: () => {},
    fetch_types: false,
    connection: { application_name: 'embedded_realtime_authorization' },
  });
  const topics = new Topics<Channel>();
  const started: { close(): Promise<void> }[] = [];
  try {
    const changes = await startPostgresChanges({ databaseUrl: options.databaseUrl, log });
    started.push(changes);
    started.push(
      await startDatabaseBroadcast({ databaseUrl: options.databaseUrl, sql, topics, log }),
    );
    const context: RealtimeContext = {
      verifyJwt: options.verifyJwt,
      topics,
      presence: new Presence<Channel>(),
      changes,
      authorization: new Authorization(sql, log),
      log,
    };
    const sockets = createWebSocketEndpoint(context);
    return {
      handleUpgrade: sockets.handleUpgrade,
      api: createBroadcastApi(context),
      async close() {
        sockets.close();
        for (const part of started.reverse()) await part.close();
        await sql.end({ timeout: 5 });
      },
    };
  } catch (error) {
    for (const part of started.reverse()) await part.close();
    await sql.end({ timeout: 0 });
    throw error;
  }
}
