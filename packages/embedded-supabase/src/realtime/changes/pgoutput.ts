export type ChangeAction = 'INSERT' | 'UPDATE' | 'DELETE';

/** Column name → value in PostgreSQL's text output; null is SQL NULL. */
export type TextRow = Record<string, string | null>;

/** One committed row change, as logical decoding (pgoutput) reports it. */
export interface Change {
  relationId: number;
  schema: string;
  table: string;
  action: ChangeAction;
  /** The transaction's commit time, `2026-01-02T03:04:05.678Z` like Realtime's. */
  commitTimestamp: string;
  /** The transaction's 32-bit id. */
  transactionId: number;
  /** The new row (INSERT, UPDATE). Unchanged TOAST values come from `oldRecord`, else are absent. */
  record: TextRow | null;
  /** UPDATE/DELETE: the replica identity, i.e. key columns, or every column with FULL. */
  oldRecord: TextRow | null;
}

interface Relation {
  schema: string;
  table: string;
  columns: { name: string; isKey: boolean }[];
}

const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

/**
 * Decodes pgoutput protocol version 1 messages (the payload of XLogData). Stateful: relations are
 * announced once per session and the commit time arrives in each transaction's Begin message.
 */
export class PgOutputDecoder {
  private readonly relations = new Map<number, Relation>();
  private commitTimestamp = '';
  private transactionId = 0;

  /** null for messages that are not row changes (Begin, Relation, Commit, Truncate, Type, …). */
  decode(message: Buffer): Change | null {
    const reader = new Reader(message);
    switch (String.fromCharCode(reader.uint8())) {
      case 'B':
        reader.skip(8); // final LSN
        this.commitTimestamp = postgresTime(reader.int64());
        this.transactionId = reader.uint32();
        return null;
      case 'R':
        this.readRelation(reader);
        return null;
      case 'I':
        return this.readInsert(reader);
      case 'U':
        return this.readUpdate(reader);
      case 'D':
        return this.readDelete(reader);
      default:
        return null;
    }
  }

  private readRelation(reader: Reader): void {
    const id = reader.uint32();
    const schema = reader.cstring() || 'pg_catalog';
    const table = reader.cstring();
    reader.skip(1); // replica identity setting
    const columns = Array.from({ length: reader.int16() }, () => {
      const isKey = (reader.uint8() & 1) === 1;
      const name = reader.cstring();
      reader.skip(8); // type oid, type modifier: the catalog is authoritative when values are cast
      return { name, isKey };
    });
    this.relations.set(id, { schema, table, columns });
  }

  private readInsert(reader: Reader): Change {
    const relationId = reader.uint32();
    reader.skip(1); // 'N'
    return this.change(relationId, 'INSERT', this.readTuple(reader, relationId).row, null);
  }

  private readUpdate(reader: Reader): Change {
    const relationId = reader.uint32();
    let oldRecord: TextRow | null = null;
    const kind = String.fromCharCode(reader.uint8());
    if (kind === 'K' || kind === 'O') {
      oldRecord = this.readIdentity(reader, relationId, kind);
      reader.skip(1); // 'N'
    }
    const { row, unchanged } = this.readTuple(reader, relationId);
    for (const name of unchanged) {
      if (oldRecord && name in oldRecord) row[name] = oldRecord[name] ?? null;
    }
    return this.change(relationId, 'UPDATE', row, oldRecord);
  }

  private readDelete(reader: Reader): Change {
    const relationId = reader.uint32();
    const kind = String.fromCharCode(reader.uint8());
    return this.change(relationId, 'DELETE', null, this.readIdentity(reader, relationId, kind));
  }

  /** A 'K' tuple carries nulls for non-key columns; Realtime's old record holds only the keys. */
  private readIdentity(reader: Reader, relationId: number, kind: string): TextRow {
    const { row } = this.readTuple(reader, relationId);
    if (kind !== 'K') return row;
    const keys = this.relation(relationId).columns.filter((column) => column.isKey);
    return Object.fromEntries(keys.map(({ name }) => [name, row[name] ?? null]));
  }

  private readTuple(reader: Reader, relationId: number): { row: TextRow; unchanged: string[] } {
    const { columns } = this.relation(relationId);
    const row: TextRow = {};
    const unchanged: string[] = [];
    const count = reader.int16();
    for (let index = 0; index < count; index++) {
      const name = columns[index]?.name ?? `column${index}`;
      const kind = String.fromCharCode(reader.uint8());
      if (kind === 'n') row[name] = null;
      else if (kind === 'u') unchanged.push(name);
      else row[name] = reader.text(reader.uint32());
    }
    return { row, unchanged };
  }

  private relation(id: number): Relation {
    const relation = this.relations.get(id);
    if (!relation) throw new Error(`pgoutput: change for unannounced relation ${id}`);
    return relation;
  }

  private change(
    relationId: number,
    action: ChangeAction,
    record: TextRow | null,
    oldRecord: TextRow | null,
  ): Change {
    const { schema, table } = this.relation(relationId);
    const { commitTimestamp, transactionId } = this;
    return { relationId, schema, table, action, commitTimestamp, transactionId, record, oldRecord };
  }
}

/** Microseconds since 2000-01-01 → ISO 8601 with milliseconds (truncated, as to_char's MS). */
export function postgresTime(microseconds: bigint): string {
  return new Date(POSTGRES_EPOCH_MS + Number(microseconds / 1000n)).toISOString();
}

class Reader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  skip(bytes: number): void {
    this.offset += bytes;
  }

  uint8(): number {
    return this.buffer.readUInt8(this.offset++);
  }

  int16(): number {
    const value = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  uint32(): number {
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  int64(): bigint {
    const value = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  cstring(): string {
    const end = this.buffer.indexOf(0, this.offset);
    const value = this.buffer.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return value;
  }

  text(bytes: number): string {
    const value = this.buffer.toString('utf8', this.offset, this.offset + bytes);
    this.offset += bytes;
    return value;
  }
}
