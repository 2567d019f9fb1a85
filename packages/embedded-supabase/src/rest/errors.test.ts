import { describe, expect, it } from 'vitest';
import { pgErrorStatus } from './errors';

// PostgREST's pgErrorStatus (src/PostgREST/Error.hs), case by case.
describe('pgErrorStatus', () => {
  it.each([
    ['23505', false, 409],
    ['23503', true, 409],
    ['23514', true, 400],
    ['22P02', true, 400],
    ['42703', true, 400],
    ['42P01', true, 404],
    ['42883', true, 404],
    ['42501', false, 401],
    ['42501', true, 403],
    ['25006', true, 405],
    ['P0001', true, 400],
    ['PT418', true, 418],
    ['57014', true, 500],
    ['53300', true, 503],
    ['08006', true, 503],
    ['42P17', true, 500],
    ['XX000', true, 500],
  ])('%s (authenticated: %s) → %i', (code, authenticated, status) => {
    expect(pgErrorStatus(code, '', authenticated)).toBe(status);
  });

  it('treats pg-safeupdate’s cardinality error as the client’s (400), others as 500', () => {
    expect(pgErrorStatus('21000', 'DELETE requires a WHERE clause', true)).toBe(400);
    expect(pgErrorStatus('21000', 'more than one row returned by a subquery', true)).toBe(500);
  });
});
