import { describe, expect, it } from 'vitest';
import { searchParam } from './page-props';

describe('searchParam', () => {
  it('gives a single value, the first of a repeated one, or undefined', () => {
    const params = { q: 'milk', next: ['/a', '/b'], empty: [] as string[] };
    expect(searchParam(params, 'q')).toBe('milk');
    expect(searchParam(params, 'next')).toBe('/a');
    expect(searchParam(params, 'empty')).toBeUndefined();
    expect(searchParam(params, 'missing')).toBeUndefined();
  });
});
