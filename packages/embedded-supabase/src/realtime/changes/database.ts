import { readFileSync } from 'node:fs';
import type postgres from 'postgres';
import type { SubscriptionSpec } from './bindings';
import type { Filter } from './filters';
import type { Change } from './pgoutput';

const schemaSql = readFileSync(new URL('./realtime.sql', import.meta.url), 'utf8');

/** The roles a subscriber's claims may select, never taken from the token unchecked. */
const API_ROLES = ['anon', 'authenticated', 'service_role'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export function isApiRole(role: unknown): role is ApiRole {
  return (API_ROLES as readonly unknown[]).includes(role);
}

/** Installs the realtime.embedded_* functions; the lock makes concurrent starts take turns. */
export async function installSchema(sql: postgres.Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('embedded_realtime_schema'))`;
    await tx.unsafe(schemaSql);
  });
}

/** How many published tables the subscription covers; throws when a filter or column is invalid. */
export async function checkSubscription(
  sql: postgres.Sql,
  role: ApiRole,
  spec: SubscriptionSpec,
): Promise<number> {
  const subscription = { role, ...spec };
  const [row] = await sql<{ entities: number }[]>`
    select realtime.embedded_check_subscription(${sql.json(toJson(subscription))}) as entities`;
  return row!.entities;
}

/** One distinct claims of the change's subscribers, and the filter sets its subscriptions use. */
export interface ClaimsCheck {
  role: ApiRole;
  /** The JWT claims as JSON text, set as request.jwt.claims. */
  claims: string;
  /** Per subscription, indexes into the change's distinct filters (ANDed). */
  filter_sets: number[][];
}

/** What PostgreSQL says about a change for its subscribers (realtime.embedded_apply_change). */
export interface Evaluation {
  rls_enabled: boolean;
  primary_key: string[];
  table_columns: { name: string; type: string }[];
  /** Per role, the columns it may SELECT. */
  selectable: Record<string, string[]>;
  /** Column → JSON text of the encoded value. */
  new_values: Record<string, string | null> | null;
  old_values: Record<string, string | null> | null;
  /** Per distinct filter. */
  filters_passed: boolean[];
  /** Per claims check: true/false, null when the policy raised; null when RLS does not apply. */
  visible: (boolean | null)[] | null;
}

export async function evaluateChange(
  sql: postgres.Sql,
  change: Change,
  filters: Filter[],
  checks: ClaimsCheck[],
): Promise<Evaluation> {
  const payload = {
    relation_id: change.relationId,
    xid: change.transactionId,
    action: change.action,
    record: change.record,
    old_record: change.oldRecord,
  };
  const [row] = await sql<Evaluation[]>`
    select * from realtime.embedded_apply_change(
      ${sql.json(toJson(payload))}, ${sql.json(toJson(filters))}, ${sql.json(toJson(checks))})`;
  return row!;
}

/** postgres.js types sql.json() as JSONValue; interfaces need the widening. */
function toJson(value: object): postgres.JSONValue {
  return value as postgres.JSONValue;
}
