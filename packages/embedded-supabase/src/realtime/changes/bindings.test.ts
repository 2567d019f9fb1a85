import { describe, expect, it } from 'vitest';
import { parseBindings } from './bindings';

describe('parseBindings', () => {
  it('applies Realtime defaults and gives equal params equal ids', () => {
    const [a, b, c] = parseBindings([
      { event: 'insert', schema: 'public', table: 'items', filter: 'done=eq.true' },
      { event: '*', table: 'items' },
      { event: 'INSERT', schema: 'public' },
    ]);
    expect(a!.spec).toEqual({
      event: 'INSERT',
      schema: 'public',
      table: 'items',
      select: null,
      filters: [{ column: 'done', op: 'eq', value: 'true', negate: false }],
    });
    expect(b!.spec).toMatchObject({ event: '*', schema: 'public', table: 'items' });
    expect(c!.spec).toMatchObject({ schema: 'public', table: '*' });
    const again = parseBindings([{ table: 'items', event: '*' }])[0]!;
    expect(again.id).toBe(b!.id);
    expect(a!.id).not.toBe(b!.id);
    expect(Number.isInteger(a!.id)).toBe(true);
  });

  it('reports invalid params as the subscription error', () => {
    const [noTarget, badFilter, wildcardSelect] = parseBindings([
      { event: '*' },
      { schema: 'public', table: 'items', filter: 'id=nope.1' },
      { schema: 'public', select: ['title'] },
    ]);
    expect(noTarget!.spec).toEqual({
      error: expect.stringContaining('No subscription params provided'),
    });
    expect(badFilter!.spec).toEqual({ error: 'Error parsing `filter` params: ["nope", "1"]' });
    expect(wildcardSelect!.spec).toEqual({
      error: expect.stringContaining(
        'Column selection is not supported for wildcard subscriptions',
      ),
    });
  });
});
