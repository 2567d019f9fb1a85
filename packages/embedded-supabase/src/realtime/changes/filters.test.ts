import { describe, expect, it } from 'vitest';
import { parseFilters } from './filters';

describe('parseFilters', () => {
  it('parses column=op.value conditions, ANDed by commas', () => {
    expect(parseFilters('id=gt.0,id=lt.100')).toEqual([
      { column: 'id', op: 'gt', value: '0', negate: false },
      { column: 'id', op: 'lt', value: '100', negate: false },
    ]);
    expect(parseFilters('subject=not.like.hey%')).toEqual([
      { column: 'subject', op: 'like', value: 'hey%', negate: true },
    ]);
    expect(parseFilters('done=is.null')).toEqual([
      { column: 'done', op: 'is', value: 'null', negate: false },
    ]);
  });

  it('turns in.(…) into an array literal, keeping quoted members intact', () => {
    expect(parseFilters('subject=in.(hidee,ho)')).toEqual([
      { column: 'subject', op: 'in', value: '{hidee,ho}', negate: false },
    ]);
    expect(parseFilters('title=in.("a,b",c),id=eq.1')).toEqual([
      { column: 'title', op: 'in', value: '{"a,b",c}', negate: false },
      { column: 'id', op: 'eq', value: '1', negate: false },
    ]);
  });

  it('unquotes double-quoted scalar values with backslash escapes', () => {
    expect(parseFilters('title=eq."a, \\"b\\" (c)"')).toEqual([
      { column: 'title', op: 'eq', value: 'a, "b" (c)', negate: false },
    ]);
    expect(parseFilters('title=eq."unterminated')[0]!.value).toBe('"unterminated');
  });

  it('treats an empty or blank filter as none', () => {
    expect(parseFilters('')).toEqual([]);
    expect(parseFilters('   ')).toEqual([]);
  });

  it("rejects what Realtime rejects, with Realtime's messages", () => {
    expect(() => parseFilters('subject=foo.hey')).toThrow(
      'Error parsing `filter` params: ["foo", "hey"]',
    );
    expect(() => parseFilters('undefined')).toThrow('Error parsing `filter` params: ["undefined"]');
    expect(() => parseFilters('id=eq.1,')).toThrow('filter must not contain empty segments');
    expect(() => parseFilters('id=in.1,2')).toThrow(
      '`in` filter value must be wrapped by parentheses',
    );
  });
});
