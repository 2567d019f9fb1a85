/**
 * Keyset pagination over (created_at desc, id desc). The cursor carries created_at as PostgreSQL
 * prints it, so microseconds survive the round trip (a JS Date would cut them to milliseconds and
 * repeat or skip rows created in the same millisecond).
 */
export interface Cursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** timestamptz as PostgreSQL prints it: 2026-01-01 00:00:00.123456+00 */
const TIMESTAMPTZ_TEXT =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;

/**
 * True when `value` has the shape PostgreSQL prints and names a time that exists: the shape alone
 * lets through 2026-02-30 or 25:61, which PostgreSQL refuses (a data exception, not a page).
 */
export function isTimestamptzText(value: string): boolean {
  const match = TIMESTAMPTZ_TEXT.exec(value);
  if (!match) return false;
  const [
    year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0,
    offsetHours = 0,
    offsetMinutes = 0,
    offsetSeconds = 0,
  ] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 15 &&
    offsetMinutes <= 59 &&
    offsetSeconds <= 59
  );
}

/** Returns undefined for anything that is not a cursor this module made. */
export function decodeCursor(value: string): Cursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      isTimestamptzText(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(parsed[1])
    ) {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through: not base64url JSON
  }
  return undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Queries fetch limit + 1 rows; the extra row only says whether another page exists. */
export function toPage<T extends { sortKey: string; id: string }>(
  rows: T[],
  limit: number,
): Page<Omit<T, 'sortKey'>> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(({ sortKey: _sortKey, ...row }) => row),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ createdAt: last.sortKey, id: last.id }) : null,
  };
}
