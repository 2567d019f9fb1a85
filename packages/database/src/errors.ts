/** The fields of a PostgreSQL error the app maps to responses (postgres.js names). */
export interface PostgresErrorFields {
  /** SQLSTATE, e.g. 23505 unique_violation, 42501 insufficient_privilege (RLS). */
  code: string;
  message: string;
  constraint_name?: string;
}

/**
 * The PostgreSQL error behind a failed query, or undefined. drizzle wraps driver errors in
 * DrizzleQueryError, so the SQLSTATE is looked up along the `cause` chain.
 */
export function findPostgresError(error: unknown): PostgresErrorFields | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (
      'code' in current &&
      typeof current.code === 'string' &&
      /^[0-9A-Z]{5}$/.test(current.code) &&
      'message' in current
    ) {
      return current as PostgresErrorFields;
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
