import { parseError } from './errors';

/**
 * PostgREST's query-string grammar (src/PostgREST/ApiRequest/QueryParams.hs): `select`, filters,
 * `or`/`and` trees, `order`. Parsing only names things; the builder looks every name up in the
 * schema cache and binds every value, so nothing the grammar accepts reaches SQL as text.
 */

interface JsonStep {
  arrow: '->' | '->>';
  key: string;
  /** `->0`: an array index rather than a key. */
  index: boolean;
}

export interface Field {
  name: string;
  path: JsonStep[];
}

export type SelectItem =
  | { kind: 'star' }
  | { kind: 'column'; field: Field; alias?: string; cast?: string }
  | {
      kind: 'embed';
      relation: string;
      alias?: string;
      hint?: string;
      inner: boolean;
      spread: boolean;
      select: SelectItem[];
    };

export const OPERATORS = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxl: '&<',
  nxr: '&>',
  adj: '-|-',
  isdistinct: 'is distinct from',
} as const;
type SimpleOperator = keyof typeof OPERATORS;
export const FTS_OPERATORS = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
} as const;
type FtsOperator = keyof typeof FTS_OPERATORS;
/** Operators that take the `(any)`/`(all)` modifier. */
const QUANTIFIABLE = new Set(['eq', 'like', 'ilike', 'gt', 'gte', 'lt', 'lte', 'match', 'imatch']);

export type Operation =
  | { op: SimpleOperator; quantifier?: 'any' | 'all'; value: string }
  | { op: 'in'; values: string[] }
  | { op: 'is'; value: 'null' | 'not_null' | 'true' | 'false' | 'unknown' }
  | { op: FtsOperator; language?: string; value: string };

export interface Filter {
  kind: 'filter';
  field: Field;
  negated: boolean;
  operation: Operation;
}

export interface Logic {
  kind: 'logic';
  operator: 'and' | 'or';
  negated: boolean;
  children: Array<Filter | Logic>;
}

export interface OrderTerm {
  field: Field;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

/** A tiny cursor over one parameter value, reporting errors the way Parsec does. */
class Cursor {
  pos = 0;
  constructor(
    readonly text: string,
    readonly what: string,
  ) {}

  get done() {
    return this.pos >= this.text.length;
  }
  peek(n = 1) {
    return this.text.slice(this.pos, this.pos + n);
  }
  eat(token: string): boolean {
    if (this.text.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }
  expect(token: string) {
    if (!this.eat(token)) this.fail(`"${token}"`);
  }
  fail(expecting: string): never {
    const found = this.done ? 'end of input' : `"${this.text[this.pos]}"`;
    throw parseError(
      this.what,
      this.text,
      this.pos + 1,
      `unexpected ${found} expecting ${expecting}`,
    );
  }
}

const IDENTIFIER = /[\p{L}\p{N}_$ ]/u;

/** pFieldName: a quoted name or letters, digits, `_`, `$`, spaces and single dashes. */
function name(c: Cursor): string {
  if (c.peek() === '"') return quoted(c);
  let out = '';
  while (!c.done) {
    const ch = c.peek();
    if (IDENTIFIER.test(ch)) {
      out += ch;
      c.pos++;
    } else if (ch === '-' && c.peek(2) !== '->' && out !== '') {
      out += ch;
      c.pos++;
    } else break;
  }
  if (!out.trim()) c.fail('field name (* or [a..z0..9_$])');
  return out.trim();
}

function jsonPath(c: Cursor): JsonStep[] {
  const path: JsonStep[] = [];
  for (;;) {
    const arrow = c.eat('->>') ? '->>' : c.eat('->') ? '->' : undefined;
    if (!arrow) return path;
    const negative = c.eat('-');
    const digits = /^\d+/.exec(c.text.slice(c.pos))?.[0];
    const after = digits ? c.text[c.pos + digits.length] : undefined;
    if (digits && (after === undefined || !IDENTIFIER.test(after))) {
      c.pos += digits.length;
      path.push({ arrow, key: (negative ? '-' : '') + digits, index: true });
    } else {
      if (negative) c.fail('digit');
      path.push({ arrow, key: name(c), index: false });
    }
  }
}

function field(c: Cursor): Field {
  return { name: name(c), path: jsonPath(c) };
}

/** The `select` parameter: `*`, `alias:col->a::text`, `alias:rel!hint!inner(...)`, `...rel(...)`. */
export function parseSelect(text: string): SelectItem[] {
  const c = new Cursor(text, 'select parameter');
  const items = selectList(c, 0);
  if (!c.done) c.fail('"," or end of input');
  return items;
}

/** Nesting deeper than this is refused before any lookup: no schema here needs it. */
export const MAX_EMBED_DEPTH = 8;

function selectList(c: Cursor, depth: number): SelectItem[] {
  const items: SelectItem[] = [];
  do {
    items.push(selectItem(c, depth));
  } while (c.eat(','));
  return items;
}

function selectItem(c: Cursor, depth: number): SelectItem {
  if (c.eat('*')) return { kind: 'star' };
  const spread = c.eat('...');
  const start = c.pos;
  let alias: string | undefined;
  let first = name(c);
  if (c.peek() === ':' && c.peek(2) !== '::') {
    c.pos++;
    alias = first;
    first = name(c);
  }
  if (c.peek() === '!' || c.peek() === '(') {
    let hint: string | undefined;
    let inner = false;
    while (c.eat('!')) {
      const word = name(c);
      if (word === 'inner') inner = true;
      else if (word === 'left') inner = false;
      else hint = word;
    }
    c.expect('(');
    if (depth + 1 > MAX_EMBED_DEPTH) {
      throw parseError(
        'select parameter',
        c.text,
        c.pos,
        `resource embedding deeper than ${MAX_EMBED_DEPTH} levels`,
      );
    }
    const select = c.peek() === ')' ? [] : selectList(c, depth + 1);
    c.expect(')');
    return { kind: 'embed', relation: first, alias, hint, inner, spread, select };
  }
  if (spread) {
    c.pos = start;
    c.fail('"(" after a spread relation');
  }
  const path = jsonPath(c);
  let cast: string | undefined;
  if (c.eat('::')) {
    const m = /^[A-Za-z0-9_ ]+/.exec(c.text.slice(c.pos));
    if (!m) c.fail('cast type');
    cast = m[0].trim();
    c.pos += m[0].length;
  }
  return { kind: 'column', field: { name: first, path }, alias, cast };
}

/** A filter's value part: `[not.]op[(mod)].value`. */
export function parseOperation(text: string): { negated: boolean; operation: Operation } {
  return operation(new Cursor(text, 'filter'), false);
}

function operation(c: Cursor, inLogic: boolean): { negated: boolean; operation: Operation } {
  const negated = c.eat('not.');
  const opName = /^[a-z]+/.exec(c.text.slice(c.pos))?.[0] ?? '';
  c.pos += opName.length;
  const rest = () => {
    if (inLogic) return logicValue(c);
    const value = c.text.slice(c.pos);
    c.pos = c.text.length;
    return value;
  };
  if (opName === 'in') {
    c.expect('.');
    return { negated, operation: { op: 'in', values: list(c) } };
  }
  if (opName === 'is') {
    c.expect('.');
    const value = /^(null|not_null|true|false|unknown)/i.exec(c.text.slice(c.pos))?.[0];
    if (!value) c.fail('null or trilean value (unknown, true, false)');
    c.pos += value.length;
    return {
      negated,
      operation: { op: 'is', value: value.toLowerCase() as 'null' },
    };
  }
  if (opName in FTS_OPERATORS) {
    let language: string | undefined;
    if (c.eat('(')) {
      language = /^[A-Za-z0-9_]+/.exec(c.text.slice(c.pos))?.[0];
      if (!language) c.fail('text search configuration');
      c.pos += language.length;
      c.expect(')');
    }
    c.expect('.');
    return { negated, operation: { op: opName as FtsOperator, language, value: rest() } };
  }
  if (opName in OPERATORS) {
    let quantifier: 'any' | 'all' | undefined;
    if (QUANTIFIABLE.has(opName) && c.eat('(')) {
      if (c.eat('any')) quantifier = 'any';
      else if (c.eat('all')) quantifier = 'all';
      else c.fail('"any" or "all"');
      c.expect(')');
    }
    c.expect('.');
    return { negated, operation: { op: opName as SimpleOperator, quantifier, value: rest() } };
  }
  c.pos -= opName.length;
  c.fail('operator (eq, gt, ...)');
}

/** `(a,"b,c",d)`: the list of `in` and of quantified operators. */
function list(c: Cursor): string[] {
  c.expect('(');
  const values: string[] = [];
  if (c.eat(')')) return values;
  do {
    values.push(listValue(c));
  } while (c.eat(','));
  c.expect(')');
  return values;
}

/** `"…"` with `\\` escaping the next character: quoted names and quoted values alike. */
function quoted(c: Cursor): string {
  c.expect('"');
  let out = '';
  while (!c.done && c.peek() !== '"') {
    if (c.peek() === '\\') c.pos++;
    out += c.text[c.pos++];
  }
  c.expect('"');
  return out;
}

function listValue(c: Cursor): string {
  if (c.peek() === '"') return quoted(c);
  const start = c.pos;
  while (!c.done && c.peek() !== ',' && c.peek() !== ')') c.pos++;
  return c.text.slice(start, c.pos);
}

/** A value inside `or=(...)`: quoted, or up to the next `,`/`)` outside brackets and braces. */
function logicValue(c: Cursor): string {
  if (c.peek() === '"') return quoted(c);
  const start = c.pos;
  let depth = 0;
  while (!c.done) {
    const ch = c.peek();
    if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') {
      if (depth === 0) break;
      depth--;
    } else if (ch === ',' && depth === 0) break;
    c.pos++;
  }
  return c.text.slice(start, c.pos);
}

/** `or=(a.eq.1,and(b.gt.2,c.is.null))`, given the parameter's operator and value. */
export function parseLogic(operator: 'and' | 'or', negated: boolean, text: string): Logic {
  const c = new Cursor(text, 'logic tree');
  const tree = logicBody(c, operator, negated);
  if (!c.done) c.fail('end of input');
  return tree;
}

function logicBody(c: Cursor, operator: 'and' | 'or', negated: boolean): Logic {
  c.expect('(');
  const children: Array<Filter | Logic> = [];
  do {
    const notLogic = c.peek(8) === 'not.and(' || c.peek(7) === 'not.or(';
    const isNot = notLogic && c.eat('not.');
    if (c.peek(4) === 'and(' || c.peek(3) === 'or(') {
      const op = c.eat('and') ? 'and' : 'or';
      if (op === 'or') c.expect('or');
      children.push(logicBody(c, op, isNot));
    } else {
      const f = field(c);
      c.expect('.');
      const { negated: neg, operation: operationValue } = operation(c, true);
      children.push({ kind: 'filter', field: f, negated: neg, operation: operationValue });
    }
  } while (c.eat(','));
  c.expect(')');
  return { kind: 'logic', operator, negated, children };
}

/** `order=a.desc.nullslast,b->c.asc`. */
export function parseOrder(text: string): OrderTerm[] {
  const c = new Cursor(text, 'order');
  const terms: OrderTerm[] = [];
  do {
    const term: OrderTerm = { field: field(c) };
    while (c.eat('.')) {
      if (c.eat('asc')) term.direction = 'asc';
      else if (c.eat('desc')) term.direction = 'desc';
      else if (c.eat('nullsfirst')) term.nulls = 'first';
      else if (c.eat('nullslast')) term.nulls = 'last';
      else c.fail('"asc", "desc", "nullsfirst" or "nullslast"');
    }
    terms.push(term);
  } while (c.eat(','));
  if (!c.done) c.fail('"," or end of input');
  return terms;
}

/** A filter key: `col`, `col->a`, or `rel.sub.col` for a filter on an embedded resource. */
export function parseFilterKey(text: string): { embedPath: string[]; field: Field } {
  const c = new Cursor(text, 'filter');
  const parts = [name(c)];
  while (c.eat('.')) parts.push(name(c));
  const path = jsonPath(c);
  if (!c.done) c.fail('"." , "->" or end of input');
  const last = parts.pop() as string;
  return { embedPath: parts, field: { name: last, path } };
}

export function parseNonNegative(what: string, text: string): number {
  if (!/^\d{1,15}$/.test(text)) {
    throw parseError(what, text, 1, `unexpected "${text[0] ?? ''}" expecting digit`);
  }
  return Number(text);
}
