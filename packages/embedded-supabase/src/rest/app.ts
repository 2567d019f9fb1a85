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
} from './query';
import {
  MAX_QUERY_LENGTH,
  parseColumnList,
  parsePrefer,
  parseRangeHeader,
  planFromQuery,
} from './request';
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
  app.on(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'], '/:relation', (c) =>
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
}

/**
 * One transaction as the caller: the settings PostgREST sets (claims, role, method, path, headers,
 * search_path and the role's own settings) are sent with the statement in one pipelined batch.
 */
async function asCaller<T>(
  c: Context,
  options: DataApiOptions,
  cache: SchemaCache,
  caller: Caller,
  schema: string,
  readOnly: boolean,
  run: (tx: postgres.TransactionSql) => Promise<T>,
): Promise<T> {
  const headers = Object.fromEntries(
    [...c.req.raw.headers].filter(([name]) => name !== 'authorization' && name !== 'cookie'),
  );
  const searchPath = [schema, ...options.settings.extraSearchPath]
    .map((s) => quoteIdent(s))
    .join(', ');
  const roleSettings = cache.roleSettings.get(caller.role) ?? [];
  const settingsSql = [
    `set_config('search_path', $1, true)`,
    `set_config('role', $2, true)`,
    `set_config('request.jwt.claims', $3, true)`,
    `set_config('request.method', $4, true)`,
    `set_config('request.path', $5, true)`,
    `set_config('request.headers', $6, true)`,
    ...roleSettings.map((_, i) => `set_config($${7 + 2 * i}, $${8 + 2 * i}, true)`),
  ].join(', ');
  const settingsParams = [
    searchPath,
    caller.role,
    JSON.stringify(caller.claims),
    c.req.method,
    new URL(c.req.url).pathname,
    JSON.stringify(headers),
    ...roleSettings.flat(),
  ];
  return (await options.sql.begin(readOnly ? 'read only' : 'read write', async (tx) => {
    // postgres.js queries are lazy: execute() queues the settings first, so they reach the
    // server ahead of the request's statement, in the same write.
    const settings = tx.unsafe(`SELECT ${settingsSql}`, settingsParams).execute();
    const result = run(tx);
    result.catch(() => {}); // awaited below, after the settings' own error if any
    await settings;
    return result;
  })) as T;
}

function countPreference(prefs: Map<string, string>) {
  const count = prefs.get('count');
  return count === 'exact' || count === 'planned' || count === 'estimated' ? count : undefined;
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
  const prefs = parsePrefer(c.req.header('prefer'));
  const ctx: Ctx = { cache, schema, params: new Params(), aliases: 0 };
  const method = c.req.method;
  const node = planFromQuery(ctx, relation, url.searchParams, {
    skip: method === 'POST' ? new Set() : undefined,
  });
  const applied: string[] = [];

  let outcome: Outcome;
  if (method === 'GET' || method === 'HEAD') {
    const range = parseRangeHeader(c.req.header('range'));
    if (range && node.limit === undefined && node.offset === undefined) {
      node.offset = range.offset;
      node.limit = range.limit;
    }
    const max = options.settings.maxRows;
    if (max > 0) node.limit = Math.min(node.limit ?? max, max);
    const count = countPreference(prefs);
    if (count) applied.push(`count=${count}`);
    outcome =
      count === 'estimated'
        ? await asCaller(c, options, cache, caller, schema, true, (tx) =>
            readEstimated(tx, ctx, node, format, max),
          )
        : await asCaller(c, options, cache, caller, schema, true, (tx) =>
            read(tx, ctx, node, format, count),
          );
    if (format === 'single' && outcome.pageTotal !== 1) throw singularity(outcome.pageTotal);
    return respond(c, format, outcome, node.offset ?? 0, applied, 'read');
  }

  const returning = prefs.get('return') ?? 'minimal';
  if (['minimal', 'representation', 'headers-only'].includes(returning))
    applied.push(`return=${returning}`);
  const body = method === 'DELETE' ? undefined : await jsonBody(c);
  outcome = await asCaller(c, options, cache, caller, schema, false, async (tx) => {
    const result = await write(
      tx,
      ctx,
      node,
      method,
      body,
      prefs,
      url.searchParams,
      returning,
      format,
      applied,
    );
    if (format === 'single' && returning === 'representation' && result.pageTotal !== 1) {
      throw singularity(result.pageTotal); // rolls the write back, as PostgREST does
    }
    return result;
  });
  return respond(
    c,
    format,
    outcome,
    0,
    applied,
    method === 'POST' ? 'create' : 'mutate',
    returning,
  );
}

function respond(
  c: Context,
  format: BodyFormat,
  outcome: Outcome,
  offset: number,
  applied: string[],
  kind: 'read' | 'create' | 'mutate',
  returning = 'representation',
): Response {
  const headers: Record<string, string> = {};
  const total = outcome.total === null ? '*' : String(outcome.total);
  const range = outcome.pageTotal > 0 ? `${offset}-${offset + outcome.pageTotal - 1}` : '*';
  headers['content-range'] = kind === 'read' ? `${range}/${total}` : `*/${total}`;
  if (applied.length) headers['preference-applied'] = applied.join(', ');
  if (outcome.location) headers.location = outcome.location;
  let status = kind === 'create' ? 201 : 200;
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

type Runner = Pick<postgres.Sql, 'unsafe'>;

/** The count's source: the read's filters without order and paging (values bound once more). */
const countSource = (ctx: Ctx, node: ReadNode) =>
  `SELECT 1 FROM ${qualified(node.relation)} AS pgrst_0${whereClause(ctx, node, 'pgrst_0')}`;

/** A read whose statements are all sent at once (execute() queues them behind the settings). */
function read(
  tx: Runner,
  ctx: Ctx,
  node: ReadNode,
  format: BodyFormat,
  count: 'exact' | 'planned' | undefined,
): Promise<Outcome> {
  const page = readSelect(ctx, node);
  let planned: Promise<number> | undefined;
  if (count === 'planned') {
    const own: Ctx = { ...ctx, params: new Params() };
    planned = plannedRows(tx, countSource(own, node), own.params.values);
    planned.catch(() => {}); // awaited below
  }
  const main = pageQuery(tx, ctx, node, page, format, count === 'exact');
  return (async () => {
    const total = planned ? await planned : null;
    const outcome = await main;
    return { ...outcome, total: outcome.total ?? total };
  })();
}

/** `estimated`: the planner's figure, or the exact count while it is small (PostgREST's rule). */
async function readEstimated(
  tx: Runner,
  ctx: Ctx,
  node: ReadNode,
  format: BodyFormat,
  maxRows: number,
): Promise<Outcome> {
  const page = readSelect(ctx, node);
  const own: Ctx = { ...ctx, params: new Params() };
  const total = await plannedRows(tx, countSource(own, node), own.params.values);
  const exact = maxRows === 0 || total <= maxRows;
  const outcome = await pageQuery(tx, ctx, node, page, format, exact);
  return { ...outcome, total: outcome.total ?? total };
}

function pageQuery(
  tx: Runner,
  ctx: Ctx,
  node: ReadNode,
  page: string,
  format: BodyFormat,
  exact: boolean,
): Promise<Outcome> {
  const totalSql = exact ? `(SELECT count(*) FROM (${countSource(ctx, node)}) _c)` : 'NULL::bigint';
  const query = `WITH pgrst_source AS (${page}) SELECT ${totalSql} AS total, count(_postgrest_t) AS page_total, ${bodyExpression(format)} AS body FROM (SELECT * FROM pgrst_source) _postgrest_t`;
  const statement = tx.unsafe(query, ctx.params.values as never[]).execute();
  return statement.then(([row]) => ({
    total: row!.total === null ? null : Number(row!.total),
    pageTotal: Number(row!.page_total),
    body: row!.body as string,
  }));
}

async function plannedRows(tx: Runner, source: string, values: unknown[]) {
  const [row] = await tx.unsafe(`EXPLAIN (FORMAT JSON) ${source}`, values as never[]).execute();
  const plan = (row as Record<string, unknown>)['QUERY PLAN'] as Array<{
    Plan: { 'Plan Rows': number };
  }>;
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

async function write(
  tx: postgres.TransactionSql,
  ctx: Ctx,
  node: ReadNode,
  method: string,
  body: unknown,
  prefs: Map<string, string>,
  query: URLSearchParams,
  returning: string,
  format: BodyFormat,
  applied: string[],
): Promise<Outcome> {
  const relation = node.relation;
  const table = qualified(relation);
  let statement: string;
  if (method === 'POST') {
    const columns = payloadColumns(relation, body, query);
    const list = columns.map((n) => quoteIdent(n)).join(', ');
    const payload = ctx.params.bind(JSON.stringify(Array.isArray(body) ? body : [body]));
    statement = columns.length
      ? `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, ${payload}::text::json) _`
      : `INSERT INTO ${table} DEFAULT VALUES`;
    const resolution = prefs.get('resolution');
    if (resolution === 'merge-duplicates' || resolution === 'ignore-duplicates') {
      applied.push(`resolution=${resolution}`);
      const conflictParam = query.get('on_conflict');
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
    statement += ` RETURNING ${table}.*`;
  } else if (method === 'PATCH') {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new RestError(400, 'PGRST102', 'Empty or invalid json');
    }
    const columns = payloadColumns(relation, body, new URLSearchParams());
    if (columns.length === 0) {
      return { total: null, pageTotal: 0, body: format === 'csv' ? '' : '[]' };
    }
    const payload = ctx.params.bind(JSON.stringify(body));
    const sets = columns.map((n) => `${quoteIdent(n)} = _pgrst_body.${quoteIdent(n)}`).join(', ');
    statement = `UPDATE ${table} AS pgrst_0 SET ${sets} FROM (SELECT * FROM json_populate_record(NULL::${table}, ${payload}::text::json)) _pgrst_body${whereClause(ctx, node, 'pgrst_0')} RETURNING pgrst_0.*`;
  } else {
    statement = `DELETE FROM ${table} AS pgrst_0${whereClause(ctx, node, 'pgrst_0')} RETURNING pgrst_0.*`;
  }
  // What comes back is read from the written rows with the request's select (and embeds).
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
  const sql = `WITH pgrst_written AS (${statement}), pgrst_source AS (${page}) SELECT count(_postgrest_t) AS page_total, ${wantsBody ? bodyExpression(format) : "''"} AS body${location} FROM (SELECT * FROM pgrst_source) _postgrest_t`;
  const [row] = await tx.unsafe(sql, ctx.params.values as never[]);
  return {
    total: null,
    pageTotal: Number(row!.page_total),
    body: row!.body as string,
    location: row!.location ? `/${relation.name}?${row!.location}` : undefined,
  };
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
  const prefs = parsePrefer(c.req.header('prefer'));
  const outcome = await asCaller(c, options, cache, caller, schema, read, async (tx) => {
    if (routine.returnType === 'void') {
      await tx.unsafe(`SELECT ${call}${argsFrom}`, ctx.params.values as never[]);
      return null;
    }
    if (!routine.returnsComposite) {
      const agg = routine.returnsSet
        ? `COALESCE(json_agg(_pgrst_r.v), '[]')::text`
        : `to_json((array_agg(_pgrst_r.v))[1])::text`;
      const [row] = await tx.unsafe(
        `SELECT ${agg} AS body, count(*) AS page_total FROM (SELECT ${call} AS v${argsFrom}) _pgrst_r`,
        ctx.params.values as never[],
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
      const [row] = await tx.unsafe(
        `SELECT COALESCE(json_agg(_pgrst_r), '[]')::text AS body, count(*) AS page_total FROM (SELECT (${call}).*${argsFrom}) _pgrst_r`,
        ctx.params.values as never[],
      );
      return { total: null, pageTotal: Number(row!.page_total), body: row!.body as string };
    }
    const node = planFromQuery(ctx, relation, query);
    const source = `(SELECT (pgrst_call).* FROM (SELECT ${call} AS pgrst_call${argsFrom}) _pgrst_c)`;
    const page = readSelect(ctx, node, source);
    const body =
      !routine.returnsSet && format === 'json' ? bodyExpression('single') : bodyExpression(format);
    const [row] = await tx.unsafe(
      `WITH pgrst_source AS (${page}) SELECT count(_postgrest_t) AS page_total, ${body} AS body FROM (SELECT * FROM pgrst_source) _postgrest_t`,
      ctx.params.values as never[],
    );
    return { total: null, pageTotal: Number(row!.page_total), body: row!.body as string };
  });
  if (outcome === null) return new Response(null, { status: 204 });
  if (format === 'single' && outcome.pageTotal !== 1) throw singularity(outcome.pageTotal);
  const count = countPreference(prefs);
  return respond(c, format, outcome, 0, count ? [] : [], 'read');
}
