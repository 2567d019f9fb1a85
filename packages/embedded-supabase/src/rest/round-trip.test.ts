import { describe, expect, it } from 'vitest';
import { appliedPreferences, parsePreferences } from './request';
import { abortWhen, literal } from './round-trip';

describe('literal', () => {
  it('doubles quotes and backslashes inside E quotes, so no value can close the string', () => {
    expect(literal('plain')).toBe("E'plain'");
    expect(literal("it's")).toBe("E'it''s'");
    expect(literal('back\\slash')).toBe("E'back\\\\slash'");
    expect(literal("\\'; drop table x; --")).toBe("E'\\\\''; drop table x; --'");
    expect(literal('$$ $tag$')).toBe("E'$$ $tag$'");
  });

  it('refuses a NUL byte with a 400, which no PostgreSQL text can hold', () => {
    expect(() => literal('a\0b')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('quotes the error parts of an abort', () => {
    expect(abortWhen('n > 1', { code: "X'", message: 'm', details: 'NULL', status: 400 })).toBe(
      "CASE WHEN n > 1 THEN extensions.pgrst_abort(E'X''', E'm', NULL, 400) END",
    );
  });
});

describe('parsePreferences', () => {
  it('reads each known preference once (the first wins) and lists what it does not know', () => {
    const prefs = parsePreferences(
      'return=representation, count=exact, return=minimal, missing=default, max-affected=5, nope, tx=rollback',
      false,
    );
    expect(prefs).toEqual({
      return: 'representation',
      count: 'exact',
      missing: 'default',
      maxAffected: 5,
      invalid: ['nope'],
    });
  });

  it('reads tx only when the configuration lets the request choose', () => {
    expect(parsePreferences('tx=rollback', true).tx).toBe('rollback');
    expect(parsePreferences('tx=rollback', false).tx).toBeUndefined();
    expect(parsePreferences('tx=rollback', false).invalid).toEqual([]);
  });

  it('refuses unknown preferences under handling=strict with PGRST122', () => {
    expect(() => parsePreferences('handling=strict, return=everything', false)).toThrow(
      expect.objectContaining({
        code: 'PGRST122',
        details: 'Invalid preferences: return=everything',
      }),
    );
    expect(parsePreferences('handling=lenient, x', false).invalid).toEqual(['x']);
  });

  it('applies what fits the request, in PostgREST’s order', () => {
    const prefs = parsePreferences(
      'max-affected=3, handling=strict, count=exact, return=minimal, resolution=merge-duplicates, missing=default',
      true,
    );
    expect(appliedPreferences(prefs, 'create')).toBe(
      'resolution=merge-duplicates, missing=default, return=minimal, count=exact, handling=strict',
    );
    expect(appliedPreferences(prefs, 'delete')).toBe(
      'return=minimal, count=exact, handling=strict, max-affected=3',
    );
    expect(appliedPreferences(prefs, 'read')).toBe('count=exact, handling=strict');
    expect(appliedPreferences(parsePreferences('', false), 'read')).toBeUndefined();
  });
});
