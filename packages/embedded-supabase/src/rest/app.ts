import { type Context, Hono } from 'hono';
import type { JWTPayload } from 'jose';
import postgres from 'postgres';
import type { DataApiSettings } from '../config';
import { fromPgError, RestError, singularity, unknownPayloadColumn } from './errors';
import {
  type BodyFormat,
  bodyExpression,
  type Ctx,
  Params,
  qualified,
  type ReadNode,
  readSelect,
  relationOrThrow,
  whereClause,
  whereParts,
} from './query';
import {
  appliedPreferences,
  MAX_QUERY_LENGTH,
  type Preferences,
  parseColumnList,
  parsePreferences,
  parseRangeHeader,
  planFromQuery,
} from './request';
import { abortWhen, literal, runAsCaller } from './round-trip';
import {
  quoteIdent,
  type Relation,
  type SchemaCache,
  type SchemaCacheHolder,
} from './schema-cache';

export interface DataApiOptions {
  sql: postgres.Sql;
  cache: SchemaCacheHolder;
  settings: DataApiSettings;
  verifyJwt(token: string): Promise<JWTPayload>;
}

/** The roles a token may ask for; anything else is refused before reaching the database. */
const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);

interface Caller {
  role: string;
  claims: JWTPayload;
}

/** Bodies larger than this are refused with 413 before parsing. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * PostgREST's HTTP interface, mounted by the gateway at /rest/v1 (prefix stripped): tables and
 * views at `/<name>`, functions at `/rpc/<name>`, all in one transaction per request under the
 * caller's role and claims so RLS and grants decide.
 */
export function createDataApi(options: DataApiOptions): Hono {
  const app = new Hono();
  app.onError((error, c) => respondError(c, error));
  app.all('/rpc/:fn', (c) => handleRpc(c, options));
  app.on(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], '/:relation', (c) =>
    handleRelation(c, options),
  );
  app.all('/:relation', (c) =>
    respondError(c, new RestError(405, 'PGRST117', `Unsupported HTTP method: ${c.req.method}`)),
  );
  app.all('*', (c) =>
    respondError(c, new RestError(404, 'PGRST125', `Invalid path specified in request URL`)),
  );
  return app;
}

function respondError(c: Context, error: unknown): Response {
  const rest =
    error instanceof RestError
      ? error
      : error instanceof postgres.PostgresError
        ? fromPgError(error, c.get('authenticated' as never) ?? false)
        : connectionLost(error)
          ? new RestError(
              503,
              'PGRST001',
              'Database client error. Retrying the connection.',
              String((error as Error).message),
              null,
              { 'retry-after': '1' },
            )
          : new RestError(500, 'PGRST000', (error as Error).message ?? 'Internal error');
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    ...rest.headers,
  };
  return new Response(c.req.method === 'HEAD' ? null : JSON.stringify(rest.body()), {
    status: rest.status,
    headers,
  });
}

/** postgres.js's errors for a database it cannot reach or lost (PostgREST: 503 PGRST001). */
function connectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('CONNECT') || /^E[A-Z]+$/.test(code));
}

async function callerOf(c: Context, verifyJwt: DataApiOptions['verifyJwt']): Promise<Caller> {
  const header = c.req.header('authorization');
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) return { role: 'anon', claims: { role: 'anon' } };
  let claims: JWTPayload;
  try {
    claims = await verifyJwt(token);
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    const message = expired ? 'JWT expired' : (error as Error).message || 'JWT invalid';
    throw new RestError(401, expired ? 'PGRST303' : 'PGRST301', message, null, null, {
      'www-authenticate': `Bearer error="invalid_token", error_description="${message.replaceAll('"', "'")}"`,
    });
  }
  const role = typeof claims.role === 'string' ? claims.role : 'anon';
  if (!API_ROLES.has(role)) {
    throw new RestError(403, '42501', `permission denied to set role "${role}"`);
  }
  return { role, claims };
}

/** The schema of this request: Accept-Profile (reads) / Content-Profile (writes), else the first. */
function schemaOf(c: Context, settings: DataApiSettings): string {
  const read = c.req.method === 'GET' || c.req.method === 'HEAD';
  const asked = c.req.header(read ? 'accept-profile' : 'content-profile');
  const schema = asked ?? settings.schemas[0];
  if (!schema || !settings.schemas.includes(schema)) {
    throw new RestError(
      406,
      'PGRST106',
      `The schema must be one of the following: ${settings.schemas.join(', ')}`,
    );
  }
  return schema;
}

/** `Accept`: JSON (default), a single object, or CSV; anything else is 406 as in PostgREST. */
function formatOf(c: Context): BodyFormat {
  const accept = (c.req.header('accept') ?? '*/*').toLowerCase();
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim());
  for (const type of types) {
    if (type === 'application/vnd.pgrst.object+json' || type === 'application/vnd.pgrst.object')
      return 'single';
    if (type === 'text/csv') return 'csv';
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'json';
  }
  throw new RestError(406, 'PGRST107', `None of these media types are available: ${accept}`);
}

const CONTENT_TYPES: Record<BodyFormat, string> = {
  json: 'application/json; charset=utf-8',
  single: 'application/vnd.pgrst.object+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

interface Outcome {
  total: number | null;
  pageTotal: number;
  body: string | null;
  location?: string;
  /** Rows a PUT inserted (201) rather than updated (200). */
  inserted?: number;
}

/** How this request's transaction ends: the configured end, or the caller's when allowed. */
function txEnd(settings: DataApiSettings, prefs: Preferences): 'commit' | 'rollback' {
  const configured = settings.txEnd.startsWith('rollback') ? 'rollback' : 'commit';
  return settings.txEnd.endsWith('-allow-override') ? (prefs.tx ?? configured) : configured;
}

/**
 * The caller's transaction: the settings PostgREST sets (search_path, role, claims, method, path,
 * headers and the role's own settings), transaction-local, sent with the statements in one message.
 */
function asCaller(
  c: Context,
  options: DataApiOptions,
  cache: SchemaCache,
  caller: Caller,
  schema: string,
  mode: { readOnly: boolean; end: 'commit' | 'rollback' },
  statements: string[],
): Promise<postgres.Row[][]> {
  const headers = Object.fromEntries(
    [...c.req.raw.headers].filter(([name]) => name !== 'authorization' && name !== 'cookie'),
  );
  const searchPath = [schema, ...options.settings.extraSearchPath]
    .map((s) => quoteIdent(s))
    .join(', ');
  const pairs: Array<[string, string]> = [
    ['search_path', searchPath],
    ['role', caller.role],
    ['request.jwt.claims', JSON.stringify(caller.claims)],
    ['request.method', c.req.method],
    ['request.path', new URL(c.req.url).pathname],
    ['request.headers', JSON.stringify(headers)],
    ...(cache.roleSettings.get(caller.role) ?? []),
  ];
  const settings = `SELECT ${pairs.map(([name, value]) => `set_config(${literal(name)}, ${literal(value)}, true)`).join(', ')}`;
  return runAsCaller(options.sql, { settings, ...mode }, statements);
}

async function handleRelation(c: Context, options: DataApiOptions): Promise<Response> {
  const url = new URL(c.req.url);
  if (url.search.length > MAX_QUERY_LENGTH) {
    throw new RestError(414, 'PGRST100', 'The query string is too long');
  }
  // The token first, as PostgREST: a forged or expired one is a 401 whatever it asks for.
  const caller = await callerOf(c, options.verifyJwt);
  const cache = await options.cache.get();
  const schema = schemaOf(c, options.settings);
  const relation = relationOrThrow(cache, schema, decodeURIComponent(c.req.param('relation')!));
  c.set('authenticated' as never, (caller.role !== 'anon') as never);
  const format = formatOf(c);
  const allowTx = options.settings.txEnd.endsWith('-allow-override');
  const prefs = parsePreferences(c.req.header('prefer'), allowTx);
  const ctx: Ctx = { cache, schema, params: new Params(), aliases: 0 };
  const method = c.req.method;
  const node = planFromQuery(ctx, relation, url.searchParams, {
    skip: method === 'POST' ? new Set() : undefined,
  });
  const end = txEnd(options.settings, prefs);

  if (method === 'GET' || method === 'HEAD') {
    const range = parseRangeHeader(c.req.header('range'));
    if (range && node.limit === undefined && node.offset === undefined) {
      node.offset = range.offset;
      node.limit = range.limit;
    }
    const max = options.settings.maxRows;
    if (max > 0) node.limit = Math.min(node.limit ?? max, max);
    const run = (statements: string[]) =>
      asCaller(c, options, cache, caller, schema, { readOnly: true, end }, statements);
    const outcome = await read(run, ctx, node, format, prefs.count, max);
    if (format === 'single' && outcome.pageTotal !== 1) throw singularity(outcome.pageTotal);
    return respond(c, format, outcome, node.offset ?? 0, appliedPreferences(prefs, 'read'), 'read');
  }

  const kind =
    method === 'POST'
      ? 'create'
      : method === 'PUT'
        ? 'upsert'
        : method === 'PATCH'
          ? 'update'
          : 'delete';
  if (kind === 'upsert') checkPut(node, url.searchParams);
  const returning = prefs.return ?? 'minimal';
  const body = method === 'DELETE' ? undefined : await jsonBody(c);
  const statement = write(ctx, node, kind, body, prefs, url.searchParams, returning, format);
  const [rows] = await asCaller(c, options, cache, caller, schema, { readOnly: false, end }, [
    statement,
  ]);
  const [row] = rows!;
  const outcome: Outcome = {
    total: null,
    pageTotal: Number(row!.page_total),
    body: row!.body as string,
    location: row!.location ? `/${relation.name}?${row!.location}` : undefined,
    inserted: Number(row!.inserted ?? 0),
  };
  return respond(
    c,
    format,
    outcome,
    0,
    appliedPreferences(prefs, kind),
    kind === 'create' ? 'create' : kind === 'upsert' ? 'upsert' : 'mutate',
    returning,
  );
}

/** PUT: filters on exactly the primary key, each `eq`, and no limit/offset (PGRST105/114). */
function checkPut(node: ReadNode, query: URLSearchParams) {
  if (query.has('limit') || query.has('offset')) {
    throw new RestError(
      400,
      'PGRST114',
      'limit/offset querystring parameters are not allowed for PUT',
    );
  }
  const pk = node.relation.primaryKey;
  const filters = node.filters;
  const columns = filters.map((f) => (f.kind === 'filter' ? f.field.name : ''));
  const exact =
    pk.length > 0 &&
    filters.every(
      (f) =>
        f.kind === 'filter' &&
        !f.negated &&
        f.field.path.length === 0 &&
        f.operation.op === 'eq' &&
        !('quantifier' in f.operation && f.operation.quantifier),
    ) &&
    new Set(columns).size === columns.length &&
    columns.length === pk.length &&
    pk.every((c) => columns.includes(c));
  if (!exact) {
    throw new RestError(
      405,
      'PGRST105',
      "Filters must include all and only primary key columns with 'eq' operators",
    );
  }
}

function respond(
  c: Context,
  format: BodyFormat,
  outcome: Outcome,
  offset: number,
  applied: string | undefined,
  kind: 'read' | 'create' | 'upsert' | 'mutate',
  returning = 'representation',
): Response {
  const headers: Record<string, string> = {};
  const total = outcome.total === null ? '*' : String(outcome.total);
  const range = outcome.pageTotal > 0 ? `${offset}-${offset + outcome.pageTotal - 1}` : '*';
  if (kind !== 'upsert') {
    headers['content-range'] = kind === 'read' ? `${range}/${total}` : `*/${total}`;
  }
  if (applied) headers['preference-applied'] = applied;
  if (outcome.location) headers.location = outcome.location;
  let status = kind === 'create' ? 201 : 200;
  if (kind === 'upsert') status = (outcome.inserted ?? 0) > 0 ? 201 : 200;
  if (kind === 'read' && outcome.total !== null) {
    if (offset > 0 && offset >= outcome.total) {
      return respondError(
        c,
        new RestError(
          416,
          'PGRST103',
          'Requested range not satisfiable',
          `An offset of ${offset} was requested, but there are only ${outcome.total} rows.`,
          null,
          { 'content-range': `*/${outcome.total}` },
        ),
      );
    }
    if (outcome.pageTotal < outcome.total) status = 206;
  }
  if (kind !== 'read' && returning !== 'representation') {
    return new Response(null, { status: kind === 'create' ? 201 : 204, headers });
  }
  headers['content-type'] = CONTENT_TYPES[format];
  return new Response(c.req.method === 'HEAD' ? null : outcome.body, { status, headers });
}

async function jsonBody(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? 'application/json').toLowerCase();
  if (!type.startsWith('application/json')) {
    throw new RestError(415, 'PGRST107', `Content-Type not acceptable: ${type}`);
  }
  const raw = await c.req.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw new RestError(413, 'PGRST102', 'Request body too large');
  }
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new RestError(400, 'PGRST102', 'Empty or invalid json');
  }
}

type Run = (statements: string[]) => Promise<postgres.Row[][]>;

/** The count's source: the read's filters without order and paging. */
const countSource = (ctx: Ctx, node: ReadNode) =>
  `SELECT 1 FROM ${qualified(node.relation)} AS pgrst_0${whereClause(ctx, node, 'pgrst_0')}`;

/**
 * A read in one message: the page (with the exact count in the same statement when asked), and
 * for `planned` the planner's figure beside it. `estimated` needs the figure first to choose
 * (PostgREST's rule: the exact count while it is under max_rows), so it takes two.
 */
async function read(
  run: Run,
  ctx: Ctx,
  node: ReadNode,
  format: BodyFormat,
  count: Preferences['count'],
  maxRows: number,
): Promise<Outcome> {
  const explain = () => `EXPLAIN (FORMAT JSON) ${countSource(ctx, node)}`;
  if (count === 'estimated') {
    const [[plan]] = (await run([explain()])) as [postgres.Row[]];
    const total = plannedRows(plan!);
    const exact = maxRows === 0 || total <= maxRows;
    const [[row]] = (await run([pageQuery(ctx, node, format, exact)])) as [postgres.Row[]];
    const outcome = pageOutcome(row!);
    return { ...outcome, total: outcome.total ?? total };
  }
  const statements = [pageQuery(ctx, node, format, count === 'exact')];
  if (count === 'planned') statements.push(explain());
  const [[row], planned] = (await run(statements)) as [postgres.Row[], postgres.Row[]?];
  const outcome = pageOutcome(row!);
  return planned ? { ...outcome, total: plannedRows(planned[0]!) } : outcome;
}

function pageQuery(ctx: Ctx, node: ReadNode, format: BodyFormat, exact: boolean): string {
  const page = readSelect(ctx, node);
  const totalSql = exact ? `(SELECT count(*) FROM (${countSource(ctx, node)}) _c)` : 'NULL::bigint';
  return `WITH pgrst_source AS (${page}) SELECT ${totalSql} AS total, count(_postgrest_t) AS page_total, ${bodyExpression(format)} AS body FROM (SELECT * FROM pgrst_source) _postgrest_t`;
}

function pageOutcome(row: postgres.Row): Outcome {
  return {
    total: row.total === null ? null : Number(row.total),
    pageTotal: Number(row.page_total),
    body: row.body as string,
  };
}

function plannedRows(row: postgres.Row): number {
  const plan = row['QUERY PLAN'] as Array<{ Plan: { 'Plan Rows': number } }>;
  return plan[0]!.Plan['Plan Rows'];
}

function payloadColumns(relation: Relation, body: unknown, query: URLSearchParams): string[] {
  const rows = Array.isArray(body) ? body : [body];
  if (rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
    throw new RestError(400, 'PGRST102', 'All object keys must match');
  }
  const columnsParam = query.get('columns');
  const names = columnsParam
    ? parseColumnList('columns', columnsParam)
    : Object.keys((rows[0] ?? {}) as object);
  if (!columnsParam && rows.length > 1) {
    const signature = [...names].sort().join('\0');
    for (const row of rows) {
      if (
        Object.keys(row as object)
          .sort()
          .join('\0') !== signature
      ) {
        throw new RestError(400, 'PGRST102', 'All object keys must match');
      }
    }
  }
  for (const name of names) {
    if (!relation.columns.has(name)) throw unknownPayloadColumn(relation.name, name);
  }
  return names;
}

/**
 * The rows of a JSON body typed as the table's columns (`json_populate_recordset`); with
 * `Prefer: missing=default` a key a row lacks takes the column's default instead of NULL
 * (PostgREST's fromJsonBodyF: the defaults as a jsonb object under each row).
 */
function bodyRows(
  ctx: Ctx,
  relation: Relation,
  body: unknown,
  columns: string[],
  defaults: boolean,
) {
  const table = qualified(relation);
  const payload = `${ctx.params.bind(JSON.stringify(Array.isArray(body) ? body : [body]))}::text::jsonb`;
  const withDefaults = columns
    .map((name) => relation.columns.get(name)!)
    .filter((column) => column.default !== null);
  const rows =
    defaults && withDefaults.length
      ? `(SELECT COALESCE(jsonb_agg(jsonb_build_object(${withDefaults.map((column) => `${literal(column.name)}, ${column.default}`).join(', ')}) || _pgrst_elem), '[]') FROM jsonb_array_elements(${payload}) AS _pgrst_elem)`
      : payload;
  return `jsonb_populate_recordset(NULL::${table}, ${rows})`;
}

/**
 * One statement for a write: the change in a CTE, then what comes back read from the written
 * rows with the request's select (and embeds). Checks that must undo the write once its rows are
 * known (a single object that is not one row, max-affected, a PUT whose body and URL disagree)
 * abort the statement, which rolls the request back.
 */
function write(
  ctx: Ctx,
  node: ReadNode,
  kind: 'create' | 'upsert' | 'update' | 'delete',
  body: unknown,
  prefs: Preferences,
  query: URLSearchParams,
  returning: string,
  format: BodyFormat,
): string {
  const relation = node.relation;
  const table = qualified(relation);
  let statement: string;
  if (kind === 'create' || kind === 'upsert') {
    if (kind === 'upsert' && (Array.isArray(body) || body === null || typeof body !== 'object')) {
      throw new RestError(400, 'PGRST102', 'Empty or invalid json');
    }
    const columns = payloadColumns(relation, body, query);
    const list = columns.map((n) => quoteIdent(n)).join(', ');
    const source = bodyRows(ctx, relation, body, columns, prefs.missing === 'default');
    // PUT inserts only a body whose key matches the URL's (else nothing is written: PGRST115).
    const putMatch =
      kind === 'upsert'
        ? ` WHERE ${whereParts(ctx, node, '_pgrst_body').join(' AND ') || 'true'}`
        : '';
    statement = columns.length
      ? `INSERT INTO ${table} (${list}) SELECT ${list} FROM ${source} AS _pgrst_body${putMatch}`
      : `INSERT INTO ${table} DEFAULT VALUES`;
    const resolution = kind === 'upsert' ? 'merge-duplicates' : prefs.resolution;
    if (resolution) {
      const conflictParam = kind === 'create' ? query.get('on_conflict') : null;
      const target = conflictParam
        ? parseColumnList('on_conflict', conflictParam)
        : relation.primaryKey;
      for (const name of target) {
        if (!relation.columns.has(name)) throw unknownPayloadColumn(relation.name, name);
      }
      const onConflict = `ON CONFLICT (${target.map((n) => quoteIdent(n)).join(', ')})`;
      statement +=
        resolution === 'ignore-duplicates' || columns.length === 0
          ? ` ${onConflict} DO NOTHING`
          : ` ${onConflict} DO UPDATE SET ${columns.map((n) => `${quoteIdent(n)} = EXCLUDED.${quoteIdent(n)}`).join(', ')}`;
    }
    // xmax = 0: the row was inserted, not updated by ON CONFLICT (PUT answers 201 or 200).
    const inserted = kind === 'upsert' && relation.kind === 'table' ? '(xmax = 0)' : 'true';
    statement += ` RETURNING ${table}.*, ${inserted} AS pgrst_inserted`;
  } else if (kind === 'update') {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new RestError(400, 'PGRST102', 'Empty or invalid json');
    }
    const columns = payloadColumns(relation, body, new URLSearchParams());
    if (columns.length === 0) {
      return `SELECT 0 AS page_total, ${literal(format === 'csv' ? '' : '[]')} AS body`;
    }
    const source = bodyRows(ctx, relation, body, columns, prefs.missing === 'default');
    const sets = columns.map((n) => `${quoteIdent(n)} = _pgrst_body.${quoteIdent(n)}`).join(', ');
    statement = `UPDATE ${table} AS pgrst_0 SET ${sets} FROM (SELECT * FROM ${source}) _pgrst_body${whereClause(ctx, node, 'pgrst_0')} RETURNING pgrst_0.*, false AS pgrst_inserted`;
  } else {
    statement = `DELETE FROM ${table} AS pgrst_0${whereClause(ctx, node, 'pgrst_0')} RETURNING pgrst_0.*, false AS pgrst_inserted`;
  }
  const readNode: ReadNode = {
    ...node,
    filters: [],
    order: [],
    limit: undefined,
    offset: undefined,
  };
  const page = readSelect(ctx, readNode, 'pgrst_written');
  const wantsBody = returning === 'representation';
  const location =
    returning === 'headers-only' && relation.primaryKey.length
      ? `, (SELECT ${relation.primaryKey.map((n) => `${ctx.params.bind(n)}::text || '=eq.' || pgrst_written.${quoteIdent(n)}::text`).join(` || '&' || `)} FROM pgrst_written LIMIT 1) AS location`
      : '';
  const affected = 'count(_postgrest_t)';
  const checks: string[] = [];
  if (format === 'single' && wantsBody) {
    checks.push(
      abortWhen(`${affected} <> 1`, {
        status: 406,
        code: 'PGRST116',
        message: 'JSON object requested, multiple (or no) rows returned',
        details: `'The result contains ' || ${affected} || ' rows'`,
      }),
    );
  }
  if (kind === 'update' || kind === 'delete') {
    checks.push(...maxAffectedCheck(ctx, prefs, affected));
  }
  if (kind === 'upsert') {
    checks.push(
      abortWhen(`${affected} <> 1`, {
        status: 400,
        code: 'PGRST115',
        message: 'Payload values do not match URL in primary key column(s)',
        details: 'NULL',
      }),
    );
  }
  const checked = checks.map((check, i) => `, ${check} AS pgrst_check_${i}`).join('');
  return `WITH pgrst_written AS (${statement}), pgrst_source AS (${page}) SELECT count(_postgrest_t) AS page_total, ${wantsBody ? bodyExpression(format) : "''"} AS body${location}, (SELECT count(*) FROM pgrst_written WHERE pgrst_inserted) AS inserted${checked} FROM (SELECT * FROM pgrst_source) _postgrest_t`;
}

/**
 * `Prefer: handling=strict, max-affected=N` (PostgREST 13): more than N rows changed (PATCH,
 * DELETE) or returned by a function aborts the statement, so its changes roll back.
 */
function maxAffectedCheck(ctx: Ctx, prefs: Preferences, affected: string): string[] {
  if (prefs.handling !== 'strict' || prefs.maxAffected === undefined) return [];
  return [
    abortWhen(`${affected} > ${ctx.params.bind(prefs.maxAffected)}::bigint`, {
      status: 400,
      code: 'PGRST124',
      message: 'Query result exceeds max-affected preference constraint',
      details: `'The query affects ' || ${affected} || ' rows'`,
    }),
  ];
}

async function handleRpc(c: Context, options: DataApiOptions): Promise<Response> {
  const method = c.req.method;
  if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') {
    throw new RestError(405, 'PGRST101', 'Only GET, HEAD or POST are allowed for functions');
  }
  const url = new URL(c.req.url);
  if (url.search.length > MAX_QUERY_LENGTH) {
    throw new RestError(414, 'PGRST100', 'The query string is too long');
  }
  const cache = await options.cache.get();
  const schema = schemaOf(c, options.settings);
  const name = decodeURIComponent(c.req.param('fn')!);
  const caller = await callerOf(c, options.verifyJwt);
  c.set('authenticated' as never, (caller.role !== 'anon') as never);
  const format = formatOf(c);
  const read = method !== 'POST';
  const args: Record<string, unknown> = read
    ? {}
    : ((await jsonBody(c)) as Record<string, unknown>);
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new RestError(400, 'PGRST102', 'Empty or invalid json');
  }
  const overloads = cache.routines.get(`${schema}.${name}`) ?? [];
  const names = new Set(Object.keys(args));
  if (read) {
    const argNames = new Set(overloads.flatMap((r) => r.args.map((a) => a.name)));
    for (const [k, v] of url.searchParams)
      if (argNames.has(k)) {
        args[k] = v;
        names.add(k);
      }
  }
  const routine = overloads.find(
    (r) =>
      [...names].every((n) => r.args.some((a) => a.name === n)) &&
      r.args.every((a) => a.hasDefault || names.has(a.name)),
  );
  if (!routine) {
    const list = [...names].sort().join(', ');
    throw new RestError(
      404,
      'PGRST202',
      `Could not find the function ${schema}.${name}${list ? `(${list})` : ' without parameters'} in the schema cache`,
      `Searched for the function ${schema}.${name}${list ? ` with parameters ${list}` : ' without parameters'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    );
  }
  const ctx: Ctx = { cache, schema, params: new Params(), aliases: 0 };
  const used = routine.args.filter((a) => names.has(a.name));
  const argsParam = used.length ? ctx.params.bind(JSON.stringify(args)) : '';
  const fn = `${quoteIdent(routine.schema)}.${quoteIdent(routine.name)}`;
  const call = `${fn}(${used.map((a) => `${quoteIdent(a.name)} := _pgrst_args.${quoteIdent(a.name)}`).join(', ')})`;
  // json_to_record converts each argument with its declared type (from the catalog).
  const argsFrom = used.length
    ? ` FROM json_to_record(${argsParam}::text::json) AS _pgrst_args(${used.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(', ')})`
    : '';
  const allowTx = options.settings.txEnd.endsWith('-allow-override');
  const prefs = parsePreferences(c.req.header('prefer'), allowTx);
  const mode = { readOnly: read, end: txEnd(options.settings, prefs) };
  const one = async (statement: string) => {
    const [rows] = await asCaller(c, options, cache, caller, schema, mode, [statement]);
    return rows![0]!;
  };
  // A function's affected rows are the rows it returns.
  const limitAffected = (count: string) =>
    maxAffectedCheck(ctx, prefs, count)
      .map((check) => `, ${check} AS pgrst_check`)
      .join('');
  const outcome = await (async () => {
    if (routine.returnType === 'void') {
      await one(`SELECT ${call}${argsFrom}`);
      return null;
    }
    if (!routine.returnsComposite) {
      const agg = routine.returnsSet
        ? `COALESCE(json_agg(_pgrst_r.v), '[]')::text`
        : `to_json((array_agg(_pgrst_r.v))[1])::text`;
      const row = await one(
        `SELECT ${agg} AS body, count(*) AS page_total${limitAffected('count(*)')} FROM (SELECT ${call} AS v${argsFrom}) _pgrst_r`,
      );
      return { total: null, pageTotal: Number(row!.page_total), body: row!.body as string };
    }
    // Rows of a table type: filters, select and order apply as on a table.
    const relation = cache.relations.get(
      `${routine.schema}.${routine.returnType.replace(/^.*\./, '').replaceAll('"', '')}`,
    );
    const query = new URLSearchParams(
      [...url.searchParams].filter(([k]) => !routine.args.some((a) => a.name === k)),
    );
    if (!relation) {
      const row = await one(
        `SELECT COALESCE(json_agg(_pgrst_r), '[]')::text AS body, count(*) AS page_total${limitAffected('count(*)')} FROM (SELECT (${call}).*${argsFrom}) _pgrst_r`,
      );
      return { total: null, pageTotal: Number(row!.page_total), body: row!.body as string };
    }
    const node = planFromQuery(ctx, relation, query);
    const source = `(SELECT (pgrst_call).* FROM (SELECT ${call} AS pgrst_call${argsFrom}) _pgrst_c)`;
    const page = readSelect(ctx, node, source);
    const body =
      !routine.returnsSet && format === 'json' ? bodyExpression('single') : bodyExpression(format);
    const row = await one(
      `WITH pgrst_source AS (${page}) SELECT count(_postgrest_t) AS page_total, ${body} AS body${limitAffected('count(_postgrest_t)')} FROM (SELECT * FROM pgrst_source) _postgrest_t`,
    );
    return { total: null, pageTotal: Number(row!.page_total), body: row!.body as string };
  })();
  if (outcome === null) return new Response(null, { status: 204 });
  if (format === 'single' && outcome.pageTotal !== 1) throw singularity(outcome.pageTotal);
  return respond(c, format, outcome, 0, appliedPreferences(prefs, 'call'), 'read');
}
