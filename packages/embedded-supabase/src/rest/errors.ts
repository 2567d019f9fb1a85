/**
 * PostgREST's error body and statuses (src/PostgREST/Error.hs): `{code, details, hint, message}`,
 * PGRSTxxx for its own errors, the SQLSTATE for PostgreSQL's.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body() {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }
}

/** PGRST100: a query parameter the grammar does not accept (ApiRequestError QueryParamError). */
export function parseError(what: string, value: string, column: number, details: string) {
  return new RestError(
    400,
    'PGRST100',
    `"failed to parse ${what} (${value})" (line 1, column ${column})`,
    details,
  );
}

export const notFoundTable = (schema: string, name: string) =>
  new RestError(
    404,
    'PGRST205',
    `Could not find the table '${schema}.${name}' in the schema cache`,
  );

export const missingColumn = (table: string, column: string) =>
  new RestError(400, '42703', `column ${table}.${column} does not exist`);

export const unknownPayloadColumn = (table: string, column: string) =>
  new RestError(
    400,
    'PGRST204',
    `Could not find the '${column}' column of '${table}' in the schema cache`,
  );

export const noRelationship = (schema: string, parent: string, child: string) =>
  new RestError(
    400,
    'PGRST200',
    `Could not find a relationship between '${parent}' and '${child}' in the schema cache`,
    `Searched for a foreign key relationship between '${parent}' and '${child}' in the schema '${schema}', but no matches were found.`,
  );

export const singularity = (rows: number) =>
  new RestError(
    406,
    'PGRST116',
    'JSON object requested, multiple (or no) rows returned',
    `The result contains ${rows} rows`,
  );

interface PgErrorLike {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}

/** PostgREST's pgErrorStatus: the HTTP status for a PostgreSQL error raised by a request. */
export function pgErrorStatus(code: string, message: string, authenticated: boolean): number {
  const two = code.slice(0, 2);
  if (code === '23503' || code === '23505') return 409;
  if (code === '25006') return 405;
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  if (code === '42883' || code === '42P01') return 404;
  if (code === '42P17') return 500;
  if (code === '42501') return authenticated ? 403 : 401;
  if (code === '53400' || code === '57P01') return code === '57P01' ? 503 : 500;
  if (code === 'P0001') return 400;
  if (two === 'PT') return Number(code.slice(2)) || 500;
  if (two === '08' || two === '53') return 503;
  if (['0L', '0P', '28'].includes(two)) return 403;
  if (
    [
      '09',
      '25',
      '2D',
      '38',
      '39',
      '3B',
      '40',
      '54',
      '55',
      '57',
      '58',
      'F0',
      'HV',
      'P0',
      'XX',
    ].includes(two)
  )
    return 500;
  return 400;
}

export function fromPgError(error: PgErrorLike, authenticated: boolean): RestError {
  const code = error.code ?? 'XX000';
  if (code === 'PGRST') return customError(error);
  return new RestError(
    pgErrorStatus(code, error.message, authenticated),
    code,
    error.message,
    error.detail ?? null,
    error.hint ?? null,
  );
}

/**
 * `RAISE SQLSTATE 'PGRST'` (PostgREST's custom errors): the message is the body as JSON
 * (`code`, `message`, `details`, `hint`), the detail `{status, headers}`. Used by functions, and
 * by the Data API itself to abort a statement (round-trip.ts).
 */
function customError(error: PgErrorLike): RestError {
  try {
    const body = JSON.parse(error.message) as Record<string, unknown>;
    const detail = JSON.parse(error.detail ?? '{}') as {
      status?: unknown;
      headers?: Record<string, string>;
    };
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    return new RestError(
      typeof detail.status === 'number' ? detail.status : 400,
      text(body.code) ?? 'PGRST',
      text(body.message) ?? '',
      text(body.details),
      text(body.hint),
      Object.fromEntries(
        Object.entries(detail.headers ?? {}).filter(([, value]) => typeof value === 'string'),
      ),
    );
  } catch {
    return new RestError(
      500,
      'PGRST121',
      "Could not parse JSON in the RAISE SQLSTATE 'PGRST' error",
      error.message,
    );
  }
}
