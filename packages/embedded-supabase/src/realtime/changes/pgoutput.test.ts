import { describe, expect, it } from 'vitest';
import { PgOutputDecoder, postgresTime } from './pgoutput';

// Builders for pgoutput protocol 1 messages (PostgreSQL docs, "Logical Replication Message Formats").
const u8 = (value: number) => Buffer.from([value]);
const i16 = (value: number) => Buffer.from([value >> 8, value & 0xff]);
const u32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
};
const i64 = (value: bigint) => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(value);
  return buffer;
};
const cstring = (text: string) => Buffer.from(`${text}\0`);
const char = (c: string) => Buffer.from(c);

/** A tuple: each value is text, null ('n') or unchanged TOAST (undefined → 'u'). */
const tuple = (values: (string | null | undefined)[]) =>
  Buffer.concat([
    i16(values.length),
    ...values.map((value) => {
      if (value === null) return char('n');
      if (value === undefined) return char('u');
      const bytes = Buffer.from(value);
      return Buffer.concat([char('t'), u32(bytes.length), bytes]);
    }),
  ]);

const begin = (micros: bigint) => Buffer.concat([char('B'), i64(0n), i64(micros), u32(7)]);
const relation = Buffer.concat([
  char('R'),
  u32(16384),
  cstring('public'),
  cstring('items'),
  u8(100),
  i16(3),
  u8(1),
  cstring('id'),
  u32(23),
  u32(0xffffffff),
  u8(0),
  cstring('title'),
  u32(25),
  u32(0xffffffff),
  u8(0),
  cstring('body'),
  u32(25),
  u32(0xffffffff),
]);

describe('PgOutputDecoder', () => {
  const commit = 829_000_000_123_456n; // µs after 2000-01-01

  function decoder() {
    const instance = new PgOutputDecoder();
    expect(instance.decode(begin(commit))).toBeNull();
    expect(instance.decode(relation)).toBeNull();
    return instance;
  }

  it('decodes inserts with the commit time of their transaction', () => {
    const change = decoder().decode(
      Buffer.concat([char('I'), u32(16384), char('N'), tuple(['1', 'hello', null])]),
    );
    expect(change).toEqual({
      relationId: 16384,
      schema: 'public',
      table: 'items',
      action: 'INSERT',
      commitTimestamp: postgresTime(commit),
      transactionId: 7,
      record: { id: '1', title: 'hello', body: null },
      oldRecord: null,
    });
    expect(postgresTime(commit)).toBe('2026-04-08T21:46:40.123Z');
  });

  it('keeps only the key columns of a K tuple and all columns of an O tuple', () => {
    const instance = decoder();
    const keyed = instance.decode(
      Buffer.concat([char('D'), u32(16384), char('K'), tuple(['1', null, null])]),
    );
    expect(keyed).toMatchObject({ action: 'DELETE', record: null, oldRecord: { id: '1' } });
    const full = instance.decode(
      Buffer.concat([char('D'), u32(16384), char('O'), tuple(['1', 'hello', null])]),
    );
    expect(full!.oldRecord).toEqual({ id: '1', title: 'hello', body: null });
  });

  it('fills unchanged TOAST values of an update from the old row, else leaves them out', () => {
    const instance = decoder();
    const withOld = instance.decode(
      Buffer.concat([
        char('U'),
        u32(16384),
        char('O'),
        tuple(['1', 'old', 'big body']),
        char('N'),
        tuple(['1', 'new', undefined]),
      ]),
    );
    expect(withOld).toMatchObject({
      action: 'UPDATE',
      record: { id: '1', title: 'new', body: 'big body' },
      oldRecord: { id: '1', title: 'old', body: 'big body' },
    });
    const withoutOld = instance.decode(
      Buffer.concat([char('U'), u32(16384), char('N'), tuple(['1', 'new', undefined])]),
    );
    expect(withoutOld).toMatchObject({ record: { id: '1', title: 'new' }, oldRecord: null });
  });

  it('ignores commits, truncates and other messages', () => {
    const instance = decoder();
    expect(
      instance.decode(Buffer.concat([char('C'), u8(0), i64(0n), i64(0n), i64(commit)])),
    ).toBeNull();
    expect(instance.decode(Buffer.concat([char('T'), u32(1), u8(0), u32(16384)]))).toBeNull();
  });
});
