import postgres from 'postgres';
import { parse as parseArray } from 'postgres-array';
import type { Binding, SubscriptionSpec } from './bindings';
import { checkSubscription, evaluateChange, installSchema, isApiRole } from './database';
import { ChangeDispatcher } from './dispatcher';
import { startReplication } from './replication';
import { type ChangeSubscriber, type Subscription, Subscriptions } from './subscriptions';

export type { Binding } from './bindings';
export { parseBindings } from './bindings';

/** postgres_changes: subscriptions, the replication stream and per-subscriber checks. */
export interface PostgresChanges {
  /** Accepts all bindings or none; throws a SubscribeError with Realtime's message. */
  subscribe(subscriber: ChangeSubscriber, bindings: readonly Binding[]): Promise<void>;
  unsubscribe(subscriber: ChangeSubscriber): void;
  close(): Promise<void>;
}

export class SubscribeError extends Error {}

const PUBLICATION = 'supabase_realtime';
/** The array types realtime.embedded_apply_change returns (primary_key, filters_passed). */
const TEXT_ARRAY = 1009;
const BOOL_ARRAY = 1000;

export async function startPostgresChanges(options: {
  databaseUrl: string;
  log: (message: string) => void;
}): Promise<PostgresChanges> {
  const sql = postgres(options.databaseUrl, {
    max: 4,
    onnotice: () => {},
    // No array-type lookup on each new connection: postgres.js drops its promise, so a connection
    // killed during it would be an unhandled rejection. The arrays read here are parsed below.
    fetch_types: false,
    // Realtime renders timestamps in UTC ("…+00:00").
    connection: { application_name: 'embedded_realtime', TimeZone: 'UTC' },
  });
  sql.options.parsers[TEXT_ARRAY] = (value: string) => parseArray(value);
  sql.options.parsers[BOOL_ARRAY] = (value: string) => parseArray(value, (item) => item === 't');
  try {
    await installSchema(sql);
  } catch (error) {
    await sql.end();
    throw error;
  }
  const subscriptions = new Subscriptions();
  const dispatcher = new ChangeDispatcher(
    subscriptions,
    (change, filters, checks) => evaluateChange(sql, change, filters, checks),
    options.log,
  );
  const replication = await startReplication({
    databaseUrl: options.databaseUrl,
    publication: PUBLICATION,
    onChange: (change) => dispatcher.dispatch(change),
    log: options.log,
  }).catch(async (error: unknown) => {
    await sql.end();
    throw error;
  });

  return {
    async subscribe(subscriber, bindings) {
      const role = subscriber.role;
      const claimsJson = subscriber.claimsJson;
      const accepted: Subscription[] = [];
      for (const { id, spec } of bindings) {
        if ('error' in spec) throw new SubscribeError(spec.error);
        if (!isApiRole(role)) {
          throw unableToSubscribe(spec, `role "${role}" may not subscribe to postgres_changes`);
        }
        const entities = await checkSubscription(sql, role, spec).catch((error: unknown) => {
          throw unableToSubscribe(spec, databaseError(error));
        });
        if (entities === 0) {
          throw new SubscribeError(
            'Unable to subscribe to changes with given parameters. Please check Realtime is ' +
              `enabled for the given connect parameters: [${describe(spec)}]`,
          );
        }
        accepted.push({ subscriber, id, spec, role, claimsJson });
      }
      subscriptions.set(subscriber, accepted);
    },
    unsubscribe(subscriber) {
      subscriptions.delete(subscriber);
    },
    async close() {
      await replication.close();
      await dispatcher.drain();
      await sql.end({ timeout: 5 });
    },
  };
}

function unableToSubscribe(spec: SubscriptionSpec, exception: string): SubscribeError {
  return new SubscribeError(
    'Unable to subscribe to changes with given parameters. An exception happened so please ' +
      `check your connect parameters: [${describe(spec)}]. Exception: ${exception}`,
  );
}

function databaseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return code ? `ERROR ${code} ${message}` : String(error);
}

/** Realtime's rendering of the params in its messages (an Elixir keyword list). */
function describe({ event, schema, table, filters, select }: SubscriptionSpec): string {
  const filterList = filters.map(
    ({ column, op, value, negate }) =>
      `{${JSON.stringify(column)}, ${JSON.stringify(op)}, ${JSON.stringify(value)}, ${negate}}`,
  );
  const selectList = select
    ? `[${select.map((column) => JSON.stringify(column)).join(', ')}]`
    : 'nil';
  return `event: ${event}, schema: ${schema}, table: ${table}, filters: [${filterList.join(', ')}], select: ${selectList}`;
}
