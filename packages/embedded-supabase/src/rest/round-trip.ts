import type postgres from 'postgres';
import { RestError } from './errors';

/**
 * A PostgreSQL string constant holding `value`, in the `E'…'` form libpq's PQescapeLiteral uses:
 * backslashes and quotes doubled, so it reads the same whatever standard_conforming_strings says.
 * Untyped, like a bound parameter: the server types it from its context (`id = E'…'` is a uuid).
 */
export function literal(value: string): string {
  if (value.includes('\0')) {
    throw new RestError(400, 'PGRST100', 'Values must not contain NUL bytes');
  }
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** postgres.js's simple protocol (one Query message, several statements); not in its types. */
const SIMPLE = { simple: true } as postgres.UnsafeQueryOptions;

export interface CallerTransaction {
  /** `SELECT set_config(…), …`: role, claims and request settings, transaction-local. */
  settings: string;
  readOnly: boolean;
  /** `rollback`: the statements run and answer, and nothing they wrote is kept (Prefer: tx). */
  end: 'commit' | 'rollback';
}

/**
 * Runs the settings and `statements` as one simple-protocol Query message: one round trip, and
 * one implicit transaction, so the settings are local to it, a failing statement rolls the whole
 * message back, and nothing can come between the settings and the statements (a reconnecting
 * driver re-sends the message whole or not at all). A statement that must undo the request after
 * seeing its rows raises (`extensions.pgrst_abort`) instead of answering. Only `end: 'rollback'`
 * takes an explicit transaction on a reserved connection, rolled back in the same message.
 * Returns the statements' results, one row list per statement.
 */
export async function runAsCaller(
  sql: postgres.Sql,
  tx: CallerTransaction,
  statements: string[],
): Promise<postgres.Row[][]> {
  if (tx.end === 'commit') {
    const first = tx.readOnly ? ['SET TRANSACTION READ ONLY'] : [];
    const text = [...first, tx.settings, ...statements].join(';\n');
    const results = (await sql.unsafe(text, [], SIMPLE)) as unknown as postgres.Row[][];
    return results.slice(first.length + 1);
  }
  const reserved = await sql.reserve();
  try {
    const begin = tx.readOnly ? 'BEGIN READ ONLY' : 'BEGIN';
    const text = [begin, tx.settings, ...statements, 'ROLLBACK'].join(';\n');
    const results = (await reserved.unsafe(text, [], SIMPLE)) as unknown as postgres.Row[][];
    return results.slice(2, 2 + statements.length);
  } catch (error) {
    // The failed statement left the explicit transaction open (aborted) on this connection.
    await reserved.unsafe('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    reserved.release();
  }
}

/**
 * `extensions.pgrst_abort(code, message, details, status)`: raises PostgREST's custom error
 * (SQLSTATE `PGRST`, the body as JSON in the message, the status in the detail) from inside a
 * statement, which rolls the request's transaction back; read by fromPgError.
 */
export const ABORT_FUNCTION_SQL = `
  create or replace function extensions.pgrst_abort(code text, message text, details text, status int)
  returns boolean language plpgsql as $$
  begin
    raise sqlstate 'PGRST' using
      message = json_build_object('code', code, 'message', message, 'details', details, 'hint', null)::text,
      detail = json_build_object('status', status, 'headers', json_build_object())::text;
  end $$;`;

/** SQL that aborts the request with a PostgREST error when `condition` holds. */
export function abortWhen(
  condition: string,
  error: { code: string; message: string; details: string; status: number },
): string {
  return `CASE WHEN ${condition} THEN extensions.pgrst_abort(${literal(error.code)}, ${literal(error.message)}, ${error.details}, ${error.status}) END`;
}
