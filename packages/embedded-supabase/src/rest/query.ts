import { missingColumn, noRelationship, notFoundTable, parseError, RestError } from './errors';
import {
  type Field,
  type Filter,
  FTS_OPERATORS,
  type Logic,
  OPERATORS,
  type OrderTerm,
  type SelectItem,
} from './grammar';
import { literal } from './round-trip';
import { type ForeignKey, key, quoteIdent, type Relation, type SchemaCache } from './schema-cache';

/**
 * Turns a parsed request into SQL (after PostgREST's Query/QueryBuilder.hs and SqlFragment.hs).
 * Every identifier comes from the schema cache (quoted), every value is a bound parameter; only
 * output labels (`alias:`) are request text, and they are quoted identifiers too.
 */

/**
 * Values of a request, written into the SQL as quoted literals (`literal`): the statement then
 * has no parameters, so the whole request travels in one simple-protocol message.
 */
export class Params {
  bind(value: string | number): string {
    return literal(String(value));
  }
}

/** One resource of a read: the top-level table or an embedded one. */
export interface ReadNode {
  relation: Relation;
  /** How the response names it: the alias or the relation name. */
  label: string;
  select: SelectItem[];
  filters: Array<Filter | Logic>;
  order: OrderTerm[];
  limit?: number;
  offset?: number;
  /** Set for embedded nodes. */
  embed?: {
    fk: ForeignKey;
    /** true: the parent holds the foreign key (many-to-one, an object); false: an array. */
    toOne: boolean;
    inner: boolean;
    /** `...rel(cols)`: the columns are the parent's own (arrays of them for a to-many). */
    spread: boolean;
    /** Many-to-many: `fk` leads from the junction to the parent, `toTarget` to the target. */
    junction?: { relation: Relation; toTarget: ForeignKey };
  };
  children: Map<string, ReadNode>;
}

export interface Ctx {
  cache: SchemaCache;
  schema: string;
  params: Params;
  aliases: number;
}

export function relationOrThrow(cache: SchemaCache, schema: string, name: string): Relation {
  const relation = cache.relations.get(key(schema, name));
  if (!relation) throw notFoundTable(schema, name);
  return relation;
}

export const qualified = (relation: Relation) =>
  `${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;

/** Builds the tree of embedded resources from a parsed select list. */
export function planRead(
  ctx: Ctx,
  relation: Relation,
  select: SelectItem[],
  label = relation.name,
): ReadNode {
  const node: ReadNode = {
    relation,
    label,
    select,
    filters: [],
    order: [],
    children: new Map(),
  };
  for (const item of select) {
    if (item.kind !== 'embed') continue;
    const { target, fk, toOne, junction } = resolveRelationship(
      ctx,
      relation,
      item.relation,
      item.hint,
    );
    const child = planRead(ctx, target, item.select, item.alias ?? item.relation);
    child.embed = { fk, toOne, inner: item.inner, spread: item.spread, junction };
    node.children.set(child.label, child);
  }
  return node;
}

/**
 * PostgREST's relationship lookup for `parent -> name[!hint]`: a foreign key from the parent to
 * `name` (many-to-one) or from `name` to the parent (one-to-many); `name` may also be the parent's
 * foreign-key column or the constraint. The hint picks a constraint or column among several.
 */
function resolveRelationship(ctx: Ctx, parent: Relation, name: string, hint?: string) {
  const same = (t: { schema: string; name: string }, r: Relation) =>
    t.schema === r.schema && t.name === r.name;
  const candidates: Relationship[] = [];
  for (const fk of ctx.cache.foreignKeys) {
    if (same(fk.from, parent)) {
      const target = ctx.cache.relations.get(key(fk.to.schema, fk.to.name));
      const byName =
        fk.to.name === name ||
        fk.constraint === name ||
        (fk.from.columns.length === 1 && fk.from.columns[0] === name);
      if (target && byName) candidates.push({ target, fk, toOne: true });
    }
    if (same(fk.to, parent) && fk.from.name === name) {
      const target = ctx.cache.relations.get(key(fk.from.schema, fk.from.name));
      if (target) candidates.push({ target, fk, toOne: false });
    }
    if (same(fk.to, parent)) candidates.push(...throughJunction(ctx, fk, name));
  }
  const matches = hint
    ? candidates.filter(
        (c) =>
          c.fk.constraint === hint ||
          c.fk.from.columns.includes(hint) ||
          c.fk.to.columns.includes(hint) ||
          c.target.name === hint ||
          c.junction?.relation.name === hint,
      )
    : candidates;
  if (matches.length === 0) throw noRelationship(parent.schema, parent.name, name);
  if (matches.length > 1) {
    throw new RestError(
      300,
      'PGRST201',
      `Could not embed because more than one relationship was found for '${parent.name}' and '${name}'`,
      JSON.stringify(
        matches.map((m) => ({
          cardinality: m.junction ? 'many-to-many' : m.toOne ? 'many-to-one' : 'one-to-many',
          embedding: `${parent.name} with ${m.target.name}`,
          relationship: `${m.fk.constraint} using ${m.fk.from.name}(${m.fk.from.columns.join(', ')}) and ${m.fk.to.name}(${m.fk.to.columns.join(', ')})`,
        })),
      ),
      `Try changing '${name}' to one of the following: ${matches
        .map((m) => `'${name}!${m.fk.constraint}'`)
        .join(', ')}. Find the desired relationship in the 'details' key.`,
    );
  }
  return matches[0] as Relationship;
}

interface Relationship {
  target: Relation;
  fk: ForeignKey;
  toOne: boolean;
  junction?: { relation: Relation; toTarget: ForeignKey };
}

/**
 * Many-to-many through a junction (PostgREST's rule): `fk` leads from the junction to the parent,
 * another of the junction's foreign keys leads to a table called `name`, and the columns of both
 * are part of the junction's primary key.
 */
function throughJunction(ctx: Ctx, fk: ForeignKey, name: string): Relationship[] {
  const junction = ctx.cache.relations.get(key(fk.from.schema, fk.from.name));
  if (!junction || junction.primaryKey.length === 0) return [];
  const inKey = (columns: string[]) => columns.every((c) => junction.primaryKey.includes(c));
  if (!inKey(fk.from.columns)) return [];
  const found: Relationship[] = [];
  for (const other of ctx.cache.foreignKeys) {
    if (other === fk || other.to.name !== name) continue;
    if (other.from.schema !== junction.schema || other.from.name !== junction.name) continue;
    if (!inKey(other.from.columns)) continue;
    const target = ctx.cache.relations.get(key(other.to.schema, other.to.name));
    if (target)
      found.push({ target, fk, toOne: false, junction: { relation: junction, toTarget: other } });
  }
  return found;
}

/** `alias."column"` with the JSON path as bound keys; the column must exist. */
function fieldExpr(ctx: Ctx, relation: Relation, alias: string, field: Field): string {
  const column = relation.columns.get(field.name);
  if (!column) throw missingColumn(relation.name, field.name);
  let expr = `${alias}.${quoteIdent(column.name)}`;
  for (const step of field.path) {
    const keyParam = step.index
      ? `${ctx.params.bind(step.key)}::int`
      : `${ctx.params.bind(step.key)}::text`;
    expr = `(${expr}${step.arrow}${keyParam})`;
  }
  return expr;
}

function castType(ctx: Ctx, name: string): string {
  const type = ctx.cache.castTypes.get(name.toLowerCase());
  if (!type) {
    throw new RestError(400, '42704', `type "${name}" does not exist`);
  }
  return type;
}

/** The select list of one node, with its embedded resources as correlated subqueries. */
function selectList(ctx: Ctx, node: ReadNode, alias: string): string {
  const parts: string[] = [];
  for (const item of node.select) {
    if (item.kind === 'star') {
      for (const column of node.relation.columns.values()) {
        parts.push(`${alias}.${quoteIdent(column.name)}`);
      }
    } else if (item.kind === 'column') {
      parts.push(
        `${columnExpr(ctx, node.relation, alias, item)} AS ${quoteIdent(columnLabel(item))}`,
      );
    } else {
      const child = node.children.get(item.alias ?? item.relation) as ReadNode;
      if (child.embed!.spread) parts.push(...spreadExprs(ctx, child, alias));
      else parts.push(`${embedExpr(ctx, child, alias)} AS ${quoteIdent(child.label)}`);
    }
  }
  return parts.length ? parts.join(', ') : '';
}

type ColumnItem = Extract<SelectItem, { kind: 'column' }>;

/** A selected column's value: the column or JSON path, cast when the request says so. */
function columnExpr(ctx: Ctx, relation: Relation, alias: string, item: ColumnItem): string {
  const expr = fieldExpr(ctx, relation, alias, item.field);
  return item.cast ? `CAST(${expr} AS ${castType(ctx, item.cast)})` : expr;
}

/** A selected column's key in the row: its alias, else the last JSON path key, else its name. */
function columnLabel(item: ColumnItem): string {
  return item.alias ?? item.field.path.at(-1)?.key ?? item.field.name;
}

/** The keys a node's rows have: its columns' labels, its embeds', and its spreads' own keys. */
function outputLabels(node: ReadNode): string[] {
  return node.select.flatMap((item) => {
    if (item.kind === 'star') return [...node.relation.columns.keys()];
    if (item.kind === 'column') return [columnLabel(item)];
    const child = node.children.get(item.alias ?? item.relation) as ReadNode;
    return child.embed!.spread ? outputLabels(child) : [child.label];
  });
}

/**
 * `...rel(cols)`: each of the embedded row's keys becomes a key of the parent; from a to-many
 * relationship each becomes an array of the related rows' values (PostgREST 13).
 */
function spreadExprs(ctx: Ctx, child: ReadNode, parentAlias: string): string[] {
  if (child.embed!.toOne) return toOneSpreadExprs(ctx, child, parentAlias);
  const embedded = embedExpr(ctx, child, parentAlias);
  return outputLabels(child).map(
    (label) =>
      `(SELECT COALESCE(json_agg(_pgrst_s.v->${literal(label)}), '[]') FROM json_array_elements(${embedded}) AS _pgrst_s(v)) AS ${quoteIdent(label)}`,
  );
}

/**
 * A to-one spread's keys keep their column types, as PostgREST's join gives them (CSV shows
 * `Acme`, not the JSON text `"Acme"`): one scalar subquery per column. Embeds and spreads nested
 * inside it are JSON values anyway and come from the embedded row.
 */
function toOneSpreadExprs(ctx: Ctx, child: ReadNode, parentAlias: string): string[] {
  const related = (columnOf: (alias: string) => string) => {
    const alias = `pgrst_${++ctx.aliases}`;
    const source = embedSource(child, alias, parentAlias);
    const conditions = [source.condition, ...whereParts(ctx, child, alias)];
    return `(SELECT ${columnOf(alias)} FROM ${source.from} WHERE ${conditions.join(' AND ')} LIMIT 1)`;
  };
  // The whole embedded row, built once, for the nested embeds' and spreads' keys.
  let embedded: string | undefined;
  return child.select.flatMap((item) => {
    if (item.kind === 'star') {
      return [...child.relation.columns.values()].map(
        ({ name }) =>
          `${related((alias) => `${alias}.${quoteIdent(name)}`)} AS ${quoteIdent(name)}`,
      );
    }
    if (item.kind === 'column') {
      const value = related((alias) => columnExpr(ctx, child.relation, alias, item));
      return [`${value} AS ${quoteIdent(columnLabel(item))}`];
    }
    const nested = child.children.get(item.alias ?? item.relation) as ReadNode;
    const labels = nested.embed!.spread ? outputLabels(nested) : [nested.label];
    embedded ??= embedExpr(ctx, child, parentAlias);
    return labels.map((label) => `(${embedded})->${literal(label)} AS ${quoteIdent(label)}`);
  });
}

/** The join condition of an embedded node against its parent's alias. */
function joinCondition(child: ReadNode, childAlias: string, parentAlias: string): string {
  const { fk, toOne } = child.embed!;
  // toOne: parent.from_columns = child.to_columns; else child.from_columns = parent.to_columns.
  return fk.from.columns
    .map((fromColumn, i) => {
      const toColumn = fk.to.columns[i] as string;
      return toOne
        ? `${childAlias}.${quoteIdent(toColumn)} = ${parentAlias}.${quoteIdent(fromColumn)}`
        : `${childAlias}.${quoteIdent(fromColumn)} = ${parentAlias}.${quoteIdent(toColumn)}`;
    })
    .join(' AND ');
}

/**
 * The FROM and join condition of an embedded node: the related table, and for a many-to-many
 * the junction joined to it, matched against the parent through the junction's foreign key.
 */
function embedSource(child: ReadNode, alias: string, parentAlias: string) {
  const junction = child.embed!.junction;
  if (!junction) {
    return {
      from: `${qualified(child.relation)} AS ${alias}`,
      condition: joinCondition(child, alias, parentAlias),
    };
  }
  const via = `${alias}_j`;
  const pairs = (fk: ForeignKey, left: string, right: string) =>
    fk.from.columns.map(
      (column, i) => `${left}.${quoteIdent(column)} = ${right}.${quoteIdent(fk.to.columns[i]!)}`,
    );
  return {
    from: `${qualified(child.relation)} AS ${alias} JOIN ${qualified(junction.relation)} AS ${via} ON ${pairs(junction.toTarget, via, alias).join(' AND ')}`,
    condition: pairs(child.embed!.fk, via, parentAlias).join(' AND '),
  };
}

function embedExpr(ctx: Ctx, child: ReadNode, parentAlias: string): string {
  const alias = `pgrst_${++ctx.aliases}`;
  const source = embedSource(child, alias, parentAlias);
  const conditions = [source.condition, ...whereParts(ctx, child, alias)];
  const toOne = child.embed!.toOne;
  // A to-one embed is at most one row: its own limit/offset would only be a second LIMIT.
  const paging = toOne ? ' LIMIT 1' : limitClause(ctx, child);
  const inner = `SELECT ${selectList(ctx, child, alias) || 'NULL'} FROM ${source.from} WHERE ${conditions.join(' AND ')}${orderClause(ctx, child, alias)}${paging}`;
  return toOne
    ? `(SELECT row_to_json(_pgrst_e) FROM (${inner}) _pgrst_e)`
    : `COALESCE((SELECT json_agg(_pgrst_e) FROM (${inner}) _pgrst_e), '[]')`;
}

/** `!inner` embeds keep only parents with at least one matching child. */
function innerExists(ctx: Ctx, child: ReadNode, parentAlias: string): string {
  const alias = `pgrst_${++ctx.aliases}`;
  const source = embedSource(child, alias, parentAlias);
  const conditions = [source.condition, ...whereParts(ctx, child, alias)];
  return `EXISTS (SELECT 1 FROM ${source.from} WHERE ${conditions.join(' AND ')})`;
}

export function whereParts(ctx: Ctx, node: ReadNode, alias: string): string[] {
  const parts = node.filters.map((f) => condition(ctx, node.relation, alias, f));
  for (const child of node.children.values()) {
    if (child.embed?.inner) parts.push(innerExists(ctx, child, alias));
  }
  return parts;
}

export function whereClause(ctx: Ctx, node: ReadNode, alias: string): string {
  const parts = whereParts(ctx, node, alias);
  return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
}

/** A PostgreSQL array literal of `values`, every element quoted (PostgREST's pgFmtArrayLiteral). */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

function condition(ctx: Ctx, relation: Relation, alias: string, item: Filter | Logic): string {
  if (item.kind === 'logic') {
    const inner = item.children.map((c) => condition(ctx, relation, alias, c));
    const joined = `(${inner.join(item.operator === 'and' ? ' AND ' : ' OR ')})`;
    return item.negated ? `NOT ${joined}` : joined;
  }
  const expr = fieldExpr(ctx, relation, alias, item.field);
  const operation = item.operation;
  let sql: string;
  switch (operation.op) {
    case 'in':
      sql = `${expr} = ANY (${ctx.params.bind(arrayLiteral(operation.values))})`;
      break;
    case 'is': {
      const value = {
        null: 'NULL',
        not_null: 'NOT NULL',
        true: 'TRUE',
        false: 'FALSE',
        unknown: 'UNKNOWN',
      }[operation.value];
      sql = `${expr} IS ${value}`;
      break;
    }
    case 'fts':
    case 'plfts':
    case 'phfts':
    case 'wfts': {
      const fn = FTS_OPERATORS[operation.op];
      const language = operation.language
        ? `${ctx.params.bind(operation.language)}::regconfig, `
        : '';
      sql = `${expr} @@ ${fn}(${language}${ctx.params.bind(operation.value)})`;
      break;
    }
    default: {
      const op = OPERATORS[operation.op];
      const likeValue = (v: string) =>
        operation.op === 'like' || operation.op === 'ilike' ? v.replaceAll('*', '%') : v;
      if (operation.quantifier) {
        const values = parseQuantified(operation.value);
        sql = `${expr} ${op} ${operation.quantifier.toUpperCase()} (${ctx.params.bind(arrayLiteral(values.map(likeValue)))})`;
      } else {
        sql = `${expr} ${op} ${ctx.params.bind(likeValue(operation.value))}`;
      }
    }
  }
  return item.negated ? `NOT (${sql})` : `(${sql})`;
}

/** The `{a,b}` list of `eq(any).{a,b}`. */
function parseQuantified(text: string): string[] {
  if (!text.startsWith('{') || !text.endsWith('}')) {
    throw parseError('filter', text, 1, 'unexpected value expecting "{"');
  }
  const inner = text.slice(1, -1);
  return inner === '' ? [] : inner.split(',');
}

function orderClause(ctx: Ctx, node: ReadNode, alias: string): string {
  if (node.order.length === 0) return '';
  const terms = node.order.map((term) => {
    const expr = fieldExpr(ctx, node.relation, alias, term.field);
    const direction = term.direction === 'desc' ? ' DESC' : term.direction === 'asc' ? ' ASC' : '';
    const nulls = term.nulls ? ` NULLS ${term.nulls === 'first' ? 'FIRST' : 'LAST'}` : '';
    return `${expr}${direction}${nulls}`;
  });
  return ` ORDER BY ${terms.join(', ')}`;
}

function limitClause(ctx: Ctx, node: ReadNode): string {
  let sql = '';
  if (node.limit !== undefined) sql += ` LIMIT ${ctx.params.bind(node.limit)}::bigint`;
  if (node.offset) sql += ` OFFSET ${ctx.params.bind(node.offset)}::bigint`;
  return sql;
}

/** `SELECT <list> FROM <source> AS pgrst_0 WHERE … ORDER BY … LIMIT …` for the top-level node. */
export function readSelect(ctx: Ctx, node: ReadNode, source = qualified(node.relation)): string {
  const alias = 'pgrst_0';
  return `SELECT ${selectList(ctx, node, alias) || 'NULL'} FROM ${source} AS ${alias}${whereClause(ctx, node, alias)}${orderClause(ctx, node, alias)}${limitClause(ctx, node)}`;
}

export type BodyFormat = 'json' | 'single' | 'csv';

/** PostgREST's response aggregate: the body built in SQL from `_postgrest_t`. */
export function bodyExpression(format: BodyFormat): string {
  if (format === 'single') return `COALESCE((json_agg(_postgrest_t)->0)::text, 'null')`;
  if (format === 'csv') {
    return `(SELECT COALESCE(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k FROM (SELECT row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) s) a) || E'\\n' || COALESCE(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), E'\\n'), '')`;
  }
  return `COALESCE(json_agg(_postgrest_t), '[]')::text`;
}
