import { parseError, RestError } from './errors';
import {
  type Filter,
  parseFilterKey,
  parseLogic,
  parseNonNegative,
  parseOperation,
  parseOrder,
  parseSelect,
  type SelectItem,
} from './grammar';
import { type Ctx, planRead, type ReadNode } from './query';
import type { Relation } from './schema-cache';

/** Parameters PostgREST reserves; every other key is a filter (or an RPC argument). */
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);

/** Longest query string accepted, far above what supabase-js builds; Node caps the URL anyway. */
export const MAX_QUERY_LENGTH = 16_384;

/**
 * Reads the query string into a plan for `relation`: select tree, then filters, logic trees,
 * order and limits attached to the top-level or an embedded node.
 */
export function planFromQuery(
  ctx: Ctx,
  relation: Relation,
  query: URLSearchParams,
  options: { skip?: Set<string> } = {},
): ReadNode {
  for (const [k, v] of query) {
    if (k.includes('\0') || v.includes('\0')) {
      throw new RestError(400, 'PGRST100', 'Query parameters must not contain NUL bytes');
    }
  }
  const selectText = query.get('select');
  const select: SelectItem[] = selectText ? parseSelect(selectText) : [{ kind: 'star' }];
  const root = planRead(ctx, relation, select);

  for (const [k, v] of query) {
    if (RESERVED.has(k) || options.skip?.has(k)) continue;
    const logic = /^(?:(.+)\.)?(not\.)?(or|and)$/.exec(k);
    if (logic) {
      const node = nodeAt(root, logic[1] ? logic[1].split('.') : []);
      node.filters.push(parseLogic(logic[3] as 'or' | 'and', Boolean(logic[2]), v));
      continue;
    }
    const embedded = /^(.+)\.(order|limit|offset)$/.exec(k);
    if (embedded) {
      applyPaging(nodeAt(root, (embedded[1] as string).split('.')), embedded[2] as string, v);
      continue;
    }
    const { embedPath, field } = parseFilterKey(k);
    const { negated, operation } = parseOperation(v);
    const filter: Filter = { kind: 'filter', field, negated, operation };
    nodeAt(root, embedPath).filters.push(filter);
  }
  for (const name of ['order', 'limit', 'offset']) {
    const value = query.get(name);
    if (value !== null) applyPaging(root, name, value);
  }
  return root;
}

function applyPaging(node: ReadNode, name: string, value: string) {
  if (name === 'order') node.order = parseOrder(value);
  else if (name === 'limit') node.limit = parseNonNegative('limit', value);
  else node.offset = parseNonNegative('offset', value);
}

function nodeAt(root: ReadNode, path: string[]): ReadNode {
  let node = root;
  for (const label of path) {
    const child = node.children.get(label);
    if (!child) {
      throw new RestError(
        400,
        'PGRST108',
        `'${label}' is not an embedded resource in this request`,
        null,
        `Verify that '${label}' is included in the 'select' query parameter.`,
      );
    }
    node = child;
  }
  return node;
}

/** `Range: 0-9` (items), PostgREST's alternative to limit/offset. */
export function parseRangeHeader(header: string | undefined) {
  if (!header) return undefined;
  const match = /^(?:items=)?(\d+)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === '' ? undefined : Number(match[2]);
  if (to !== undefined && to < from) {
    throw new RestError(416, 'PGRST103', 'Requested range not satisfiable', null, null);
  }
  return { offset: from, limit: to === undefined ? undefined : to - from + 1 };
}

/** The `Prefer` header as PostgREST reads it (ApiRequest/Preferences.hs): the first value wins. */
export interface Preferences {
  resolution?: 'merge-duplicates' | 'ignore-duplicates';
  return?: 'minimal' | 'representation' | 'headers-only';
  count?: 'exact' | 'planned' | 'estimated';
  /** Only read when the configuration lets a request choose (`txEnd: *-allow-override`). */
  tx?: 'commit' | 'rollback';
  missing?: 'default' | 'null';
  handling?: 'strict' | 'lenient';
  maxAffected?: number;
  /** What PostgREST does not know: refused with PGRST122 under `handling=strict`. */
  invalid: string[];
}

const PREFERENCE_VALUES = {
  resolution: ['merge-duplicates', 'ignore-duplicates'],
  return: ['minimal', 'representation', 'headers-only'],
  count: ['exact', 'planned', 'estimated'],
  tx: ['commit', 'rollback'],
  missing: ['default', 'null'],
  handling: ['strict', 'lenient'],
} as const;

export function parsePreferences(header: string | undefined, allowTx: boolean): Preferences {
  const prefs: Preferences = { invalid: [] };
  const parts = (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const part of parts) {
    const [name = '', value = ''] = part.split('=', 2);
    const known = PREFERENCE_VALUES[name as keyof typeof PREFERENCE_VALUES] as
      | readonly string[]
      | undefined;
    if (known?.includes(value) && part === `${name}=${value}`) {
      const key = name as keyof typeof PREFERENCE_VALUES;
      if (prefs[key] === undefined && (key !== 'tx' || allowTx)) {
        (prefs as unknown as Record<string, string>)[key] = value;
      }
    } else if (name === 'max-affected' && /^\d{1,15}$/.test(value)) {
      prefs.maxAffected ??= Number(value);
    } else if (name !== 'timezone') {
      prefs.invalid.push(part);
    }
  }
  if (prefs.handling === 'strict' && prefs.invalid.length) {
    throw new RestError(
      400,
      'PGRST122',
      'Invalid preferences given with handling=strict',
      `Invalid preferences: ${prefs.invalid.join(', ')}`,
    );
  }
  return prefs;
}

export type RequestKind = 'read' | 'create' | 'update' | 'upsert' | 'delete' | 'call';

/** `Preference-Applied`, in PostgREST's order, with what applies to this kind of request. */
export function appliedPreferences(prefs: Preferences, kind: RequestKind): string | undefined {
  const write = kind !== 'read' && kind !== 'call';
  const values = [
    kind === 'create' && prefs.resolution ? `resolution=${prefs.resolution}` : undefined,
    (kind === 'create' || kind === 'update') && prefs.missing
      ? `missing=${prefs.missing}`
      : undefined,
    write && prefs.return ? `return=${prefs.return}` : undefined,
    prefs.count ? `count=${prefs.count}` : undefined,
    prefs.tx ? `tx=${prefs.tx}` : undefined,
    prefs.handling ? `handling=${prefs.handling}` : undefined,
    prefs.handling === 'strict' &&
    prefs.maxAffected !== undefined &&
    (kind === 'update' || kind === 'delete' || kind === 'call')
      ? `max-affected=${prefs.maxAffected}`
      : undefined,
  ].filter(Boolean);
  return values.length ? values.join(', ') : undefined;
}

/** Column lists (`columns=`, `on_conflict=`): plain names separated by commas. */
export function parseColumnList(what: string, text: string): string[] {
  const names = text.split(',').map((n) => n.trim().replace(/^"(.*)"$/, '$1'));
  if (names.some((n) => n === ''))
    throw parseError(what, text, 1, 'unexpected "," expecting field name');
  return names;
}
