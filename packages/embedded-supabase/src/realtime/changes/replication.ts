import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import postgres from 'postgres';
import { type Change, PgOutputDecoder } from './pgoutput';

export interface ReplicationOptions {
  databaseUrl: string;
  publication: string;
  onChange(change: Change): void;
  log(message: string): void;
}

export interface Replication {
  close(): Promise<void>;
}

const STATUS_INTERVAL_MS = 10_000;
const RECONNECT_DELAY_MS = 1_000;
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

/**
 * Streams the publication's committed row changes. The slot is TEMPORARY, so PostgreSQL drops it
 * when the connection ends and nothing is left behind. If the connection is lost it reconnects
 * with a new slot; changes committed in between are not delivered, as with Realtime's own restarts.
 */
export async function startReplication(options: ReplicationOptions): Promise<Replication> {
  let closed = false;
  let current = await connect(options);
  let reconnectTimer: NodeJS.Timeout | undefined;

  const follow = (connection: Connection) => {
    current = connection;
    connection.stream.once('close', () => {
      void connection.end();
      if (closed) return;
      options.log('realtime: replication connection lost, reconnecting');
      reconnectTimer = setTimeout(reconnect, RECONNECT_DELAY_MS);
    });
  };
  const reconnect = async () => {
    try {
      const connection = await connect(options);
      if (closed) await connection.end();
      else follow(connection);
    } catch (error) {
      options.log(`realtime: replication reconnect failed: ${String(error)}`);
      if (!closed) reconnectTimer = setTimeout(reconnect, RECONNECT_DELAY_MS);
    }
  };
  follow(current);

  return {
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      await current.end();
    },
  };
}

interface Connection {
  stream: Duplex;
  end(): Promise<void>;
}

async function connect(options: ReplicationOptions): Promise<Connection> {
  const sql = postgres(options.databaseUrl, {
    max: 1,
    fetch_types: false,
    idle_timeout: 0,
    max_lifetime: null,
    onnotice: () => {},
    // The walsender renders values with these settings; UTC and ISO keep them unambiguous.
    connection: {
      replication: 'database',
      application_name: 'embedded_realtime_replication',
      TimeZone: 'UTC',
      DateStyle: 'ISO, MDY',
    },
  });
  try {
    const slot = `embedded_realtime_${randomBytes(6).toString('hex')}`;
    const [created] = await sql.unsafe(
      `CREATE_REPLICATION_SLOT ${slot} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`,
    );
    const stream = (await sql
      .unsafe(
        `START_REPLICATION SLOT ${slot} LOGICAL ${created!.consistent_point} ` +
          `(proto_version '1', publication_names ${quoteLiteral(options.publication)})`,
      )
      .writable()) as unknown as Duplex;
    return consume(stream, sql, options);
  } catch (error) {
    await sql.end({ timeout: 0 });
    throw error;
  }
}

/** Decodes XLogData and answers keepalives with the position received, so WAL can be recycled. */
function consume(stream: Duplex, sql: postgres.Sql, options: ReplicationOptions): Connection {
  const decoder = new PgOutputDecoder();
  let received = 0n;
  const reportPosition = () => {
    if (!stream.writable) return;
    const status = Buffer.alloc(34);
    status.write('r', 0);
    for (const offset of [1, 9, 17]) status.writeBigUInt64BE(received, offset);
    status.writeBigInt64BE(BigInt(Date.now() - POSTGRES_EPOCH_MS) * 1000n, 25);
    stream.write(status);
  };

  stream.on('data', (message: Buffer) => {
    if (message[0] === 0x77 /* w: XLogData */) {
      received = bigMax(received, message.readBigUInt64BE(1));
      try {
        const change = decoder.decode(message.subarray(25));
        if (change) options.onChange(change);
      } catch (error) {
        options.log(`realtime: could not handle a replicated change: ${String(error)}`);
      }
    } else if (message[0] === 0x6b /* k: keepalive */) {
      received = bigMax(received, message.readBigUInt64BE(1));
      if (message[17] === 1) reportPosition();
    }
  });
  stream.on('error', (error) => options.log(`realtime: replication stream: ${error.message}`));
  const statusTimer = setInterval(reportPosition, STATUS_INTERVAL_MS);
  stream.once('close', () => clearInterval(statusTimer));

  return {
    stream,
    async end() {
      clearInterval(statusTimer);
      // CopyDone ends the replication politely (destroying the stream would send CopyFail).
      if (!stream.destroyed) {
        const closed = new Promise((resolve) => stream.once('close', resolve));
        stream.end();
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
      }
      await sql.end({ timeout: 0 });
    },
  };
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
