import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';
import type { JWTPayload } from 'jose';

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

/** Implemented in this folder (Phoenix protocol, postgres_changes, broadcast, presence). */
export async function createRealtime(_options: RealtimeOptions): Promise<Realtime> {
  throw new Error('realtime: not implemented yet');
}
