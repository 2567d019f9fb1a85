import type postgres from 'postgres';
import { deliverBroadcast } from './broadcast';
import type { Change } from './changes/pgoutput';
import { startReplication } from './changes/replication';
import type { Channel } from './channel';
import { type Topics, topicKey } from './topics';

/** The publication of realtime.messages that Supabase Realtime streams broadcasts from. */
const PUBLICATION = 'supabase_realtime_messages_publication';
/** Upstream drops a day's partition of messages after a few days; the stand-in deletes rows. */
const RETENTION = '3 days';
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export interface DatabaseBroadcast {
  close(): Promise<void>;
}

/**
 * Broadcast from the database: rows inserted into realtime.messages (realtime.send(),
 * realtime.broadcast_changes()) reach the joined channels of their topic, public or private as the
 * row says, like Realtime's replication connection does. Logical replication, as upstream: the
 * row arrives once its transaction commits, never from a transaction that rolled back.
 */
export async function startDatabaseBroadcast(options: {
  databaseUrl: string;
  sql: postgres.Sql;
  topics: Topics<Channel>;
  log: (message: string) => void;
}): Promise<DatabaseBroadcast> {
  const deliver = (change: Change) => {
    if (change.action !== 'INSERT' || change.schema !== 'realtime' || !change.record) return;
    const { topic, event, payload, extension, id } = change.record;
    if (extension !== 'broadcast' || !topic || event === null || event === undefined) return;
    if (payload === null || payload === undefined) return;
    const isPrivate = change.record.private === 't';
    deliverBroadcast(options.topics.of(topicKey(topic, isPrivate)), {
      json: { type: 'broadcast', event, payload: JSON.parse(payload), meta: { id } },
    });
  };
  const replication = await startReplication({
    databaseUrl: options.databaseUrl,
    publication: PUBLICATION,
    onChange: deliver,
    log: options.log,
  });
  const prune = setInterval(() => {
    options.sql`delete from realtime.messages where inserted_at < now() - ${RETENTION}::interval`.catch(
      (error: unknown) =>
        options.log(`realtime: pruning realtime.messages failed: ${String(error)}`),
    );
  }, PRUNE_INTERVAL_MS);
  prune.unref();
  return {
    async close() {
      clearInterval(prune);
      await replication.close();
    },
  };
}
