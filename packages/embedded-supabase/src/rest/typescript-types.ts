import type postgres from 'postgres';

/**
 * TypeScript types of the exposed schemas, in the shape `supabase gen types typescript` prints
 * (postgres-meta's typegen): `Database[schema]` with Tables/Views (Row, Insert, Update,
 * Relationships), Functions (Args, Returns), Enums and CompositeTypes, read from the catalog, so
 * `createClient<Database>()` types `from()` and `rpc()`. Names are sorted, so the output only
 * changes when the schema does.
 */

interface CatalogColumn {
  table: string;
  kind: string;
  name: string;
  type: string;
  element: string | null;
  nullable: boolean;
  has_default: boolean;
  identity: string;
  generated: string;
}

interface CatalogRelationship {
  table: string;
  constraint: string;
  columns: string[];
  one_to_one: boolean;
  referenced: string;
  referenced_columns: string[];
}

interface CatalogFunction {
  name: string;
  args: Array<{ name: string; type: string; has_default: boolean }>;
  returns: string;
  returns_set: boolean;
  returns_table: string | null;
}

const NUMBER = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);
const STRING = new Set([
  'bpchar',
  'varchar',
  'text',
  'citext',
  'uuid',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
  'bytea',
  'inet',
  'cidr',
  'macaddr',
  'name',
  'tsvector',
  'tsquery',
  'regconfig',
]);

export async function generateTypes(sql: postgres.Sql, schemas: string[]): Promise<string> {
  const blocks: string[] = [];
  for (const schema of [...schemas].sort()) blocks.push(await schemaBlock(sql, schema));
  return `${HEADER}export type Database = {\n${blocks.join('')}}\n${FOOTER(schemas)}`;
}

async function schemaBlock(sql: postgres.Sql, schema: string): Promise<string> {
  const [columns, relationships, functions, enums, composites] = await Promise.all([
    sql<CatalogColumn[]>`
      select c.relname as table, c.relkind::text as kind, a.attname as name, t.typname as type,
        e.typname as element, not a.attnotnull as nullable, a.atthasdef as has_default,
        a.attidentity::text as identity, a.attgenerated::text as generated
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_type t on t.oid = a.atttypid
      left join pg_type e on e.oid = t.typelem and t.typcategory = 'A'
      where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'm', 'f')
      order by c.relname, a.attname`,
    sql<CatalogRelationship[]>`
      select f.relname as table, con.conname as constraint,
        (select array_agg(a.attname::text order by k.i) from unnest(con.conkey) with ordinality k(n, i)
           join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) as columns,
        exists (select 1 from pg_constraint u where u.conrelid = con.conrelid
                  and u.contype in ('p', 'u') and u.conkey::int2[] @> con.conkey::int2[]
                  and u.conkey::int2[] <@ con.conkey::int2[]) as one_to_one,
        t.relname as referenced,
        (select array_agg(a.attname::text order by k.i) from unnest(con.confkey) with ordinality k(n, i)
           join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n) as referenced_columns
      from pg_constraint con
      join pg_class f on f.oid = con.conrelid join pg_namespace fn on fn.oid = f.relnamespace
      join pg_class t on t.oid = con.confrelid join pg_namespace tn on tn.oid = t.relnamespace
      where con.contype = 'f' and fn.nspname = ${schema} and tn.nspname = ${schema}
      order by f.relname, con.conname`,
    sql<CatalogFunction[]>`
      select p.proname as name,
        coalesce((select json_agg(json_build_object('name', p.proargnames[i],
            'type', (select typname from pg_type where oid = p.proargtypes[i - 1]),
            'has_default', i > p.pronargs - p.pronargdefaults) order by i)
          from generate_series(1, p.pronargs) i), '[]') as args,
        rt.typname as returns, p.proretset as returns_set,
        (select c.relname from pg_class c where c.oid = rt.typrelid and c.relkind in ('r', 'p', 'v', 'm')
           and c.relnamespace = p.pronamespace) as returns_table
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      join pg_type rt on rt.oid = p.prorettype
      where n.nspname = ${schema} and p.prokind = 'f'
        and rt.typname not in ('trigger', 'event_trigger')
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
      order by p.proname, p.oid`,
    sql<{ name: string; labels: string[] }[]>`
      select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
      join pg_enum e on e.enumtypid = t.oid
      where n.nspname = ${schema}
      group by t.typname order by t.typname`,
    sql<{ name: string; attributes: Array<{ name: string; type: string }> }[]>`
      select t.typname as name,
        json_agg(json_build_object('name', a.attname, 'type', at.typname) order by a.attnum) as attributes
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
      join pg_class c on c.oid = t.typrelid and c.relkind = 'c'
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_type at on at.oid = a.atttypid
      where n.nspname = ${schema}
      group by t.typname order by t.typname`,
  ]);
  const enumNames = new Set(enums.map((e) => e.name));
  const ts = (type: string, element: string | null = null): string => {
    if (element) return `${ts(element)}[]`;
    if (type.startsWith('_')) return `${ts(type.slice(1))}[]`;
    if (enumNames.has(type)) return `Database[${quote(schema)}]["Enums"][${quote(type)}]`;
    if (type === 'bool') return 'boolean';
    if (NUMBER.has(type)) return 'number';
    if (type === 'json' || type === 'jsonb') return 'Json';
    if (STRING.has(type)) return 'string';
    if (type === 'void') return 'undefined';
    if (type === 'record') return 'Record<string, unknown>';
    return 'unknown';
  };

  const relations = new Map<string, { kind: string; columns: CatalogColumn[] }>();
  for (const column of columns) {
    const entry = relations.get(column.table) ?? { kind: column.kind, columns: [] };
    entry.columns.push(column);
    relations.set(column.table, entry);
  }
  const relationshipsOf = (table: string) => {
    const list = relationships.filter((r) => r.table === table);
    if (list.length === 0) return '[]';
    const items = list.map(
      (r) =>
        `          {\n            foreignKeyName: ${quote(r.constraint)}\n            columns: [${r.columns.map(quote).join(', ')}]\n            isOneToOne: ${r.one_to_one}\n            referencedRelation: ${quote(r.referenced)}\n            referencedColumns: [${r.referenced_columns.map(quote).join(', ')}]\n          },\n`,
    );
    return `[\n${items.join('')}        ]`;
  };
  const relationBlock = (views: boolean) => {
    const entries = [...relations].filter(([, r]) => (r.kind === 'v' || r.kind === 'm') === views);
    if (entries.length === 0) return '{\n      [_ in never]: never\n    }';
    const body = entries.map(([name, { columns: cols }]) => {
      const row = cols.map(
        (c) => `          ${key(c.name)}: ${ts(c.type, c.element)}${c.nullable ? ' | null' : ''}`,
      );
      const insert = cols.map((c) => {
        if (c.identity === 'a' || c.generated !== '') return `          ${key(c.name)}?: never`;
        const optional = views || c.nullable || c.has_default || c.identity !== '';
        return `          ${key(c.name)}${optional ? '?' : ''}: ${ts(c.type, c.element)}${c.nullable ? ' | null' : ''}`;
      });
      const update = cols.map((c) =>
        c.identity === 'a' || c.generated !== ''
          ? `          ${key(c.name)}?: never`
          : `          ${key(c.name)}?: ${ts(c.type, c.element)}${c.nullable ? ' | null' : ''}`,
      );
      return `      ${key(name)}: {\n        Row: {\n${row.join('\n')}\n        }\n        Insert: {\n${insert.join('\n')}\n        }\n        Update: {\n${update.join('\n')}\n        }\n        Relationships: ${relationshipsOf(name)}\n      }\n`;
    });
    return `{\n${body.join('')}    }`;
  };
  const functionBlock = () => {
    if (functions.length === 0) return '{\n      [_ in never]: never\n    }';
    const byName = new Map<string, CatalogFunction[]>();
    for (const fn of functions) byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn]);
    const body = [...byName].map(([name, overloads]) => {
      const variants = overloads.map((fn) => {
        const args = fn.args.length
          ? `{\n${fn.args.map((a) => `          ${key(a.name)}${a.has_default ? '?' : ''}: ${ts(a.type)}`).join('\n')}\n        }`
          : 'Record<PropertyKey, never>';
        const base = fn.returns_table
          ? `Database[${quote(schema)}]["Tables"][${quote(fn.returns_table)}]["Row"]`
          : ts(fn.returns);
        const returns = fn.returns_set && !base.endsWith('[]') ? `${base}[]` : base;
        return `{ Args: ${args}; Returns: ${returns} }`;
      });
      return `      ${key(name)}:\n        | ${variants.join('\n        | ')}\n`;
    });
    return `{\n${body.join('')}    }`;
  };
  const enumBlock = enums.length
    ? `{\n${enums.map((e) => `      ${key(e.name)}: ${e.labels.map(quote).join(' | ')}`).join('\n')}\n    }`
    : '{\n      [_ in never]: never\n    }';
  const compositeBlock = composites.length
    ? `{\n${composites.map((c) => `      ${key(c.name)}: {\n${c.attributes.map((a) => `        ${key(a.name)}: ${ts(a.type)} | null`).join('\n')}\n      }`).join('\n')}\n    }`
    : '{\n      [_ in never]: never\n    }';
  return `  ${key(schema)}: {\n    Tables: ${relationBlock(false)}\n    Views: ${relationBlock(true)}\n    Functions: ${functionBlock()}\n    Enums: ${enumBlock}\n    CompositeTypes: ${compositeBlock}\n  }\n`;
}

const quote = (s: string) => JSON.stringify(s);
const key = (s: string) => (/^[A-Za-z_$][\w$]*$/.test(s) ? s : quote(s));

const HEADER = `// Generated by \`pnpm db:types\` from the migrated database's catalog; do not edit.
// The shape of \`supabase gen types typescript\`, for \`createClient<Database>()\`.

export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

`;

const FOOTER = (schemas: string[]) => `
type DefaultSchema = Database[${quote([...schemas].sort().includes('public') ? 'public' : [...schemas].sort()[0]!)}]

export type Tables<T extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])> =
  (DefaultSchema["Tables"] & DefaultSchema["Views"])[T] extends { Row: infer R } ? R : never

export type TablesInsert<T extends keyof DefaultSchema["Tables"]> =
  DefaultSchema["Tables"][T] extends { Insert: infer I } ? I : never

export type TablesUpdate<T extends keyof DefaultSchema["Tables"]> =
  DefaultSchema["Tables"][T] extends { Update: infer U } ? U : never

export type Enums<T extends keyof DefaultSchema["Enums"]> = DefaultSchema["Enums"][T]
`;
