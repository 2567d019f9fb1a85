import { describe, expect, it } from 'vitest';
import { RestError } from './errors';
import {
  MAX_EMBED_DEPTH,
  parseFilterKey,
  parseLogic,
  parseOperation,
  parseOrder,
  parseSelect,
} from './grammar';
import { arrayLiteral } from './query';

function parseFailure(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RestError);
    return error as RestError;
  }
  throw new Error('expected a parse error');
}

describe('select', () => {
  it('reads columns, aliases, casts, JSON paths and stars', () => {
    expect(parseSelect('*,name:title,done::text,data->a->>b,data->0')).toEqual([
      { kind: 'star' },
      { kind: 'column', field: { name: 'title', path: [] }, alias: 'name', cast: undefined },
      { kind: 'column', field: { name: 'done', path: [] }, alias: undefined, cast: 'text' },
      {
        kind: 'column',
        field: {
          name: 'data',
          path: [
            { arrow: '->', key: 'a', index: false },
            { arrow: '->>', key: 'b', index: false },
          ],
        },
        alias: undefined,
        cast: undefined,
      },
      {
        kind: 'column',
        field: { name: 'data', path: [{ arrow: '->', key: '0', index: true }] },
        alias: undefined,
        cast: undefined,
      },
    ]);
  });

  it('reads embeds with alias, hint and !inner, nested', () => {
    expect(parseSelect('org:organizations!items_org_id_fk!inner(name,items(id))')).toEqual([
      {
        kind: 'embed',
        relation: 'organizations',
        alias: 'org',
        hint: 'items_org_id_fk',
        inner: true,
        spread: false,
        select: [
          { kind: 'column', field: { name: 'name', path: [] }, alias: undefined, cast: undefined },
          {
            kind: 'embed',
            relation: 'items',
            alias: undefined,
            hint: undefined,
            inner: false,
            spread: false,
            select: [
              {
                kind: 'column',
                field: { name: 'id', path: [] },
                alias: undefined,
                cast: undefined,
              },
            ],
          },
        ],
      },
    ]);
  });

  it('keeps quoted names whole, SQL and all', () => {
    expect(parseSelect('"a; drop table x":title')[0]).toMatchObject({ alias: 'a; drop table x' });
  });

  it.each(['title,', 'title)', 'org(name', 'title::text)', 'a"b:title', 'title;drop'])(
    'refuses %s with PGRST100',
    (text) => {
      const error = parseFailure(() => parseSelect(text));
      expect(error.status).toBe(400);
      expect(error.code).toBe('PGRST100');
      expect(error.message).toContain('failed to parse select parameter');
    },
  );

  it('refuses embedding deeper than the limit', () => {
    let select = 'id';
    for (let i = 0; i <= MAX_EMBED_DEPTH; i++) select = `r(${select})`;
    expect(parseFailure(() => parseSelect(select)).code).toBe('PGRST100');
  });
});

describe('filters', () => {
  it('reads operators, negation, modifiers, lists and full-text options', () => {
    expect(parseOperation('eq.a.b')).toEqual({
      negated: false,
      operation: { op: 'eq', quantifier: undefined, value: 'a.b' },
    });
    expect(parseOperation('not.is.null')).toEqual({
      negated: true,
      operation: { op: 'is', value: 'null' },
    });
    expect(parseOperation('in.(1,"a,b",3)')).toEqual({
      negated: false,
      operation: { op: 'in', values: ['1', 'a,b', '3'] },
    });
    expect(parseOperation('like(any).{a*,b*}')).toMatchObject({
      operation: { op: 'like', quantifier: 'any', value: '{a*,b*}' },
    });
    expect(parseOperation('fts(english).cat & dog')).toEqual({
      negated: false,
      operation: { op: 'fts', language: 'english', value: 'cat & dog' },
    });
  });

  it.each(['eq', 'foo.1', 'in.(1,2', 'is.maybe', 'fts(en glish).x', 'eq(some).{a}'])(
    'refuses %s with PGRST100',
    (text) => {
      expect(parseFailure(() => parseOperation(text)).code).toBe('PGRST100');
    },
  );

  it('reads filter keys on embedded resources and JSON paths', () => {
    expect(parseFilterKey('items.title')).toEqual({
      embedPath: ['items'],
      field: { name: 'title', path: [] },
    });
    expect(parseFilterKey('data->>kind').field.path).toEqual([
      { arrow: '->>', key: 'kind', index: false },
    ]);
  });

  it('reads or/and trees with nesting, negation and quoted values', () => {
    expect(parseLogic('or', false, '(a.eq.1,not.and(b.gt.2,c.eq."x,y"),d.in.(1,2))')).toEqual({
      kind: 'logic',
      operator: 'or',
      negated: false,
      children: [
        {
          kind: 'filter',
          field: { name: 'a', path: [] },
          negated: false,
          operation: { op: 'eq', quantifier: undefined, value: '1' },
        },
        {
          kind: 'logic',
          operator: 'and',
          negated: true,
          children: [
            {
              kind: 'filter',
              field: { name: 'b', path: [] },
              negated: false,
              operation: { op: 'gt', quantifier: undefined, value: '2' },
            },
            {
              kind: 'filter',
              field: { name: 'c', path: [] },
              negated: false,
              operation: { op: 'eq', quantifier: undefined, value: 'x,y' },
            },
          ],
        },
        {
          kind: 'filter',
          field: { name: 'd', path: [] },
          negated: false,
          operation: { op: 'in', values: ['1', '2'] },
        },
      ],
    });
    expect(parseFailure(() => parseLogic('or', false, '(a.eq.1')).code).toBe('PGRST100');
    expect(parseFailure(() => parseLogic('or', false, 'a.eq.1')).code).toBe('PGRST100');
  });
});

describe('order', () => {
  it('reads directions and nulls placement', () => {
    expect(parseOrder('a.desc.nullslast,b,c->d.asc')).toEqual([
      { field: { name: 'a', path: [] }, direction: 'desc', nulls: 'last' },
      { field: { name: 'b', path: [] } },
      { field: { name: 'c', path: [{ arrow: '->', key: 'd', index: false }] }, direction: 'asc' },
    ]);
    expect(parseFailure(() => parseOrder('a.sideways')).code).toBe('PGRST100');
  });
});

describe('array literals', () => {
  it('quotes every element so commas, quotes and backslashes stay data', () => {
    expect(arrayLiteral(['a,b', 'c"d', 'e\\f', 'NULL'])).toBe('{"a,b","c\\"d","e\\\\f","NULL"}');
  });
});
