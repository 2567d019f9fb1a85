import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RealtimeContext } from './channel';
import { Connection } from './socket';
import { TokenError, verifyToken } from './tokens';

/** Larger frames are refused; Realtime's own limits are lower still. */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;

export interface WebSocketEndpoint {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/**
 * Accepts /realtime/v1/websocket upgrades whose apikey (query) or x-api-key (header) is a valid
 * JWT; others get Realtime's 401 JSON (docs/supabase-compatibility.md §2.1). `vsn=2.0.0` selects the array serializer.
 */
export function createWebSocketEndpoint(context: RealtimeContext): WebSocketEndpoint {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  async function accept(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const header = request.headers['x-api-key'];
    const token = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey');
    if (!token) return refuse(socket, 'API key is missing');
    try {
      await verifyToken(context.verifyJwt, token);
    } catch (error) {
      if (error instanceof TokenError) return refuse(socket, error.connectMessage);
      throw error;
    }
    const vsn = url.searchParams.get('vsn') === '2.0.0' ? '2.0.0' : '1.0.0';
    server.handleUpgrade(request, socket, head, (ws) => new Connection(ws, vsn, token, context));
  }

  return {
    handleUpgrade(request, socket, head) {
      socket.on('error', () => socket.destroy());
      accept(request, socket, head).catch((error: unknown) => {
        context.log(`realtime: websocket upgrade failed: ${String(error)}`);
        socket.destroy();
      });
    },
    close() {
      for (const ws of server.clients) ws.terminate();
      server.close();
    },
  };
}

function refuse(socket: Duplex, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    'HTTP/1.1 401 Unauthorized\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
