/**
 * postgres_changes `filter` strings, parsed as Realtime does (`Subscriptions.parse_filters`):
 * `column=[not.]op.value`, conditions comma-separated and ANDed, values optionally double-quoted
 * with `\` escapes, `in.(a,b)` becoming the array literal `{a,b}`. Matching happens in SQL, where
 * the value is cast to the column's type (changes/realtime.sql).
 */
const FILTER_OPS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'like',
  'ilike',
  'is',
  'match',
  'imatch',
  'isdistinct',
] as const;
type FilterOp = (typeof FILTER_OPS)[number];

export interface Filter {
  column: string;
  op: FilterOp;
  value: string;
  negate: boolean;
}

export class FilterError extends Error {
  constructor(reason: string) {
    super(`Error parsing \`filter\` params: ${reason}`);
  }
}

export function parseFilters(filter: string): Filter[] {
  const trimmed = filter.trim();
  return trimmed === '' ? [] : splitTopLevel(trimmed).map(parseCondition);
}

function parseCondition(segment: string): Filter {
  const condition = segment.trim();
  if (condition === '')
    throw new FilterError('filter must not contain empty segments (check for extra commas)');
  const equals = condition.indexOf('=');
  if (equals < 0) throw new FilterError(inspect([condition]));
  const column = condition.slice(0, equals);
  let rest = condition.slice(equals + 1);
  const negate = rest.startsWith('not.');
  if (negate) rest = rest.slice('not.'.length);
  const dot = rest.indexOf('.');
  if (dot < 0) throw new FilterError(inspect([rest]));
  const op = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  if (!isFilterOp(op)) throw new FilterError(inspect([op, value]));
  return { column, op, value: formatValue(op, value), negate };
}

function isFilterOp(op: string): op is FilterOp {
  return (FILTER_OPS as readonly string[]).includes(op);
}

function formatValue(op: FilterOp, value: string): string {
  if (op !== 'in') return unquote(value);
  if (value.length < 2 || !value.startsWith('(') || !value.endsWith(')')) {
    throw new FilterError('`in` filter value must be wrapped by parentheses');
  }
  return `{${value.slice(1, -1)}}`;
}

/** `"a \"b\""` → `a "b"`; anything not exactly one quoted string is kept as written. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  let result = '';
  for (let index = 1; index < value.length; index++) {
    const char = value[index]!;
    if (char === '\\' && index + 1 < value.length) result += value[++index];
    else if (char === '"') return index === value.length - 1 ? result : value;
    else result += char;
  }
  return value;
}

/** Splits on commas outside parentheses and quotes; a quote opens only after `.`, `(` or `,`. */
function splitTopLevel(filter: string): string[] {
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  let previous = '';
  for (let index = 0; index < filter.length; index++) {
    const char = filter[index]!;
    if (quoted) {
      if (char === '\\' && index + 1 < filter.length) {
        current += char + filter[++index];
        continue;
      }
      if (char === '"') quoted = false;
      current += char;
    } else if (char === '"' && ['.', '(', ','].includes(previous)) {
      quoted = true;
      current += char;
    } else if (char === ',' && depth === 0) {
      segments.push(current);
      current = '';
      previous = '';
      continue;
    } else {
      if (char === '(') depth++;
      if (char === ')') depth = Math.max(0, depth - 1);
      current += char;
    }
    previous = char;
  }
  segments.push(current);
  return segments;
}

/** Elixir's inspect of a list of strings, which Realtime puts in its error messages. */
function inspect(parts: string[]): string {
  return `[${parts.map((part) => JSON.stringify(part)).join(', ')}]`;
}
