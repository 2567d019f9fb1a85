import type { Evaluation } from './database';
import type { Change } from './pgoutput';

/** The `errors` Realtime sends instead of a record (realtime.apply_rls). */
export const CHANGE_ERRORS = {
  noPrimaryKey: 'Error 400: Bad Request, no primary key',
  unauthorized: 'Error 401: Unauthorized',
  policyFailed: 'Error 500: Internal Server Error, RLS policy evaluation failed',
} as const;

const MAX_RECORD_BYTES = 1024 * 1024;
/** Values kept in an oversized record, as upstream. */
const MAX_VALUE_BYTES_WHEN_TOO_LARGE = 64;

/**
 * The `data` of a postgres_changes event for the subscribers of one role and column selection,
 * serialized once and shared by all their frames (docs/supabase-compatibility.md §2.4).
 */
export function changeData(
  change: Change,
  evaluation: Evaluation,
  role: string,
  select: string[] | null,
): string {
  const readable = new Set(evaluation.selectable[role] ?? []);
  const primaryKey = new Set(evaluation.primary_key);
  const sent = (column: string) =>
    readable.has(column) && (select === null || select.includes(column) || primaryKey.has(column));
  // RLS vets only the row as it is now, never an old version (a deleted row, or the values an
  // UPDATE replaced, which the subscriber may not have been allowed to see): on a table with RLS
  // the old record shows only the primary key, whatever the replica identity.
  const sentOld = evaluation.rls_enabled
    ? (column: string) => sent(column) && primaryKey.has(column)
    : sent;
  const tooLarge = encodedBytes(evaluation) > MAX_RECORD_BYTES;
  const keep = (include: (column: string) => boolean) => (column: string, json: string) =>
    include(column) && (!tooLarge || Buffer.byteLength(json) <= MAX_VALUE_BYTES_WHEN_TOO_LARGE);

  const fields = [
    `"schema":${JSON.stringify(change.schema)}`,
    `"table":${JSON.stringify(change.table)}`,
    `"type":"${change.action}"`,
    `"commit_timestamp":"${change.commitTimestamp}"`,
    `"columns":${JSON.stringify(evaluation.table_columns.filter(({ name }) => sent(name)))}`,
  ];
  if (change.action !== 'DELETE') {
    fields.push(`"record":${jsonObject(evaluation.new_values, keep(sent))}`);
  }
  if (change.action !== 'INSERT') {
    fields.push(`"old_record":${jsonObject(evaluation.old_values, keep(sentOld))}`);
  }
  fields.push(`"errors":${tooLarge ? '["Error 413: Payload Too Large"]' : 'null'}`);
  return `{${fields.join(',')}}`;
}

/** An event that carries only an error, no row (what Realtime's poller sends then). */
export function errorData(change: Change, error: string): string {
  return JSON.stringify({
    schema: change.schema,
    table: change.table,
    type: change.action,
    commit_timestamp: null,
    columns: [],
    record: {},
    ...(change.action === 'UPDATE' ? { old_record: {} } : {}),
    errors: [error],
  });
}

/** Column → encoded JSON text, as an object; null when no column is left (jsonb_object_agg). */
function jsonObject(
  values: Record<string, string | null> | null,
  keep: (column: string, json: string) => boolean,
): string {
  if (!values) return 'null';
  const members: string[] = [];
  for (const [column, json] of Object.entries(values)) {
    if (keep(column, json ?? 'null')) members.push(`${JSON.stringify(column)}:${json ?? 'null'}`);
  }
  return members.length > 0 ? `{${members.join(',')}}` : 'null';
}

function encodedBytes({ new_values, old_values }: Evaluation): number {
  let bytes = 0;
  for (const values of [new_values, old_values]) {
    for (const json of Object.values(values ?? {})) bytes += json ? Buffer.byteLength(json) : 4;
  }
  return bytes;
}
