import { isObject } from '../json';
import { type Filter, FilterError, parseFilters } from './filters';
import type { ChangeAction } from './pgoutput';

/** What one postgres_changes entry of a join asks for. `'*'` schema/table: every one published. */
export interface SubscriptionSpec {
  event: '*' | ChangeAction;
  schema: string;
  table: string;
  filters: Filter[];
  /** Columns to send besides the primary key; null = all. */
  select: string[] | null;
}

export interface Binding {
  /** The client's entry, echoed in the join reply with `id` added. */
  params: Record<string, unknown>;
  /** Realtime's `:erlang.phash2(params)`: equal params give equal ids. */
  id: number;
  spec: SubscriptionSpec | { error: string };
}

class InvalidParams extends Error {}

/** The `config.postgres_changes` entries of a join, in the client's order. */
export function parseBindings(entries: unknown): Binding[] {
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((entry): entry is Record<string, unknown> => isObject(entry))
    .map((params) => ({ params, id: bindingId(params), spec: parseSpec(params) }));
}

/** Realtime's `Subscriptions.parse_subscription_params`, with its error messages. */
function parseSpec(params: Record<string, unknown>): Binding['spec'] {
  const { schema, table, filter } = params;
  const has = (key: string) => Object.hasOwn(params, key);
  try {
    const select = parseSelect(params.select);
    if (typeof schema === 'string' && typeof table === 'string' && typeof filter === 'string') {
      return spec(params, schema, table, parseFilters(filter), select);
    }
    if (typeof schema === 'string' && typeof table === 'string' && !has('filter')) {
      return spec(params, schema, table, [], select);
    }
    if (typeof schema === 'string' && !has('table') && !has('filter')) {
      return spec(params, schema, '*', [], select);
    }
    if (typeof table === 'string' && !has('schema') && !has('filter')) {
      return spec(params, 'public', table, [], select);
    }
    return {
      error:
        'No subscription params provided. Please provide at least a `schema` or `table` to ' +
        `subscribe to: ${JSON.stringify(params)}`,
    };
  } catch (error) {
    if (error instanceof FilterError || error instanceof InvalidParams) {
      return { error: error.message };
    }
    throw error;
  }
}

function spec(
  params: Record<string, unknown>,
  schema: string,
  table: string,
  filters: Filter[],
  select: string[] | null,
): Binding['spec'] {
  if (select && (schema === '*' || table === '*')) {
    return {
      error:
        'Column selection is not supported for wildcard subscriptions. Provide an explicit ' +
        'schema and table name.',
    };
  }
  return { event: eventOf(params.event), schema, table, filters, select };
}

function parseSelect(select: unknown): string[] | null {
  if (typeof select === 'string') {
    throw new InvalidParams(
      'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]',
    );
  }
  if (!Array.isArray(select)) return null;
  const columns = select.filter((column): column is string => typeof column === 'string');
  return columns.length > 0 ? columns : null;
}

function eventOf(event: unknown): SubscriptionSpec['event'] {
  const upper = typeof event === 'string' ? event.toUpperCase() : '*';
  return upper === 'INSERT' || upper === 'UPDATE' || upper === 'DELETE' ? upper : '*';
}

/** A stable 27-bit hash of the params (FNV-1a over key-sorted JSON), like phash2's range. */
function bindingId(params: Record<string, unknown>): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(sortedJson(params))) {
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return (hash >>> 0) % 2 ** 27;
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value) ?? 'null';
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${sortedJson(value[key])}`).join(',')}}`;
}
