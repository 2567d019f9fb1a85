import { databaseUnavailable, findPostgresError } from '@repo/database';
import { ApiError } from './errors';

/**
 * Turns a PostgreSQL error raised under RLS into the API's error. Unknown errors return undefined
 * and become a 500. drizzle wraps driver errors, so the SQLSTATE is looked up along `cause`.
 */
export function fromDatabaseError(error: unknown): ApiError | undefined {
  // The database is down, restarting, failing over or saturated: nothing the caller did wrong.
  if (databaseUnavailable(error)) return DATABASE_UNAVAILABLE;
  const pg = findPostgresError(error);
  if (!pg) return undefined;
  // Class 22, data exception: a value PostgreSQL cannot take (NUL, bad encoding, an impossible
  // date, out of range, a malformed uuid). The request is at fault, whichever field carried it.
  if (pg.code.startsWith('22')) {
    return new ApiError(400, 'validation_failed', 'A value is not allowed here.');
  }
  switch (pg.code) {
    case '23505':
      return (
        CONFLICTS[pg.constraint_name ?? ''] ?? new ApiError(409, 'conflict', 'This already exists.')
      );
    case '23000':
      if (pg.constraint_name === 'memberships_keep_an_owner') {
        return new ApiError(
          409,
          'last_owner',
          'An organization must keep at least one owner. Make another member an owner first, or delete the organization.',
        );
      }
      return new ApiError(409, 'conflict', pg.message);
    case '23503':
      return new ApiError(
        400,
        'invalid_reference',
        'A referenced record does not exist or is not visible to you.',
      );
    case '23514':
      return new ApiError(400, 'validation_failed', 'A value is not allowed here.');
    case '42501':
      return new ApiError(403, 'forbidden', 'You do not have permission to do that.');
    case '57014':
      return new ApiError(503, 'timeout', 'The request took too long. Try again.');
    case '55P03':
      return new ApiError(
        409,
        'row_locked',
        'Another request is changing this record right now. Try again in a moment.',
      );
    case '40001':
    case '40P01':
      return new ApiError(503, 'retry', 'The request collided with another one. Try again.');
    default:
      return undefined;
  }
}

const DATABASE_UNAVAILABLE = new ApiError(
  503,
  'database_unavailable',
  'The database is not available right now. Try again in a moment.',
);

const CONFLICTS: Record<string, ApiError> = {
  organizations_slug_key: new ApiError(
    409,
    'slug_taken',
    'That URL slug is already used by another organization.',
  ),
  invitations_pending_email_key: new ApiError(
    409,
    'already_invited',
    'This address already has an open invitation to this organization.',
  ),
};
