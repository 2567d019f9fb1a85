import type postgres from 'postgres';
import { ABORT_FUNCTION_SQL } from './round-trip';

/** What PostgREST's schema cache holds (src/PostgREST/SchemaCache.hs), for the exposed schemas. */
interface Column {
  name: string;
  /** format_type(): e.g. `uuid`, `text`, `timestamp with time zone`. */
  type: string;
  nullable: boolean;
  hasDefault: boolean;
  /** The default as SQL from the catalog (pg_get_expr; nextval for identity columns), or null. */
  default: string | null;
}

export interface Relation {
  schema: string;
  name: string;
  kind: 'table' | 'view';
  columns: Map<string, Column>;
  primaryKey: string[];
}

/** A foreign key, from the referencing table (`from`) to the referenced one (`to`). */
export interface ForeignKey {
  constraint: string;
  from: { schema: string; name: string; columns: string[] };
  to: { schema: string; name: string; columns: string[] };
}

interface Routine {
  schema: string;
  name: string;
  args: Array<{ name: string; type: string; hasDefault: boolean }>;
  returnType: string;
  returnsSet: boolean;
  /** Returns rows of a table or a composite type, served as objects. */
  returnsComposite: boolean;
  volatility: 'i' | 's' | 'v';
}

export interface SchemaCache {
  relations: Map<string, Relation>;
  foreignKeys: ForeignKey[];
  routines: Map<string, Routine[]>;
  /** Type names a `::cast` may use, mapped to their quoted pg_catalog name. */
  castTypes: Map<string, string>;
  /** pg_db_role_setting of the API roles, applied per request as PostgREST does. */
  roleSettings: Map<string, Array<[string, string]>>;
}

export const key = (schema: string, name: string) => `${schema}.${name}`;

/** SQL-standard spellings PostgreSQL accepts besides pg_type names. */
const TYPE_ALIASES: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  boolean: 'bool',
  real: 'float4',
  decimal: 'numeric',
  'double precision': 'float8',
  'character varying': 'varchar',
};

async function loadSchemaCache(sql: postgres.Sql, schemas: string[]): Promise<SchemaCache> {
  const [relations, keys, routines, types, settings] = await Promise.all([
    sql<{ schema: string; name: string; kind: string; columns: Column[]; pk: string[] | null }[]>`
      select n.nspname as schema, c.relname as name, c.relkind::text as kind,
        coalesce(json_agg(json_build_object(
          'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
          'nullable', not a.attnotnull, 'hasDefault', a.atthasdef or a.attidentity <> '',
          'default', case
            when a.attgenerated <> '' then null
            when a.attidentity <> '' then format('nextval(%L::regclass)',
              pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname))
            else pg_get_expr(d.adbin, d.adrelid) end
        ) order by a.attnum) filter (where a.attnum is not null), '[]') as columns,
        (select array_agg(pa.attname::text order by array_position(pk.conkey, pa.attnum))
           from pg_constraint pk
           join pg_attribute pa on pa.attrelid = pk.conrelid and pa.attnum = any(pk.conkey)
          where pk.conrelid = c.oid and pk.contype = 'p') as pk
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = any(${schemas}) and c.relkind in ('r', 'p', 'v', 'm', 'f')
      group by n.nspname, c.relname, c.relkind, c.oid`,
    sql<ForeignKey[]>`
      select con.conname as constraint,
        json_build_object('schema', fn.nspname, 'name', f.relname, 'columns',
          (select json_agg(a.attname order by k.i) from unnest(con.conkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n)) as from,
        json_build_object('schema', tn.nspname, 'name', t.relname, 'columns',
          (select json_agg(a.attname order by k.i) from unnest(con.confkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n)) as to
      from pg_constraint con
      join pg_class f on f.oid = con.conrelid join pg_namespace fn on fn.oid = f.relnamespace
      join pg_class t on t.oid = con.confrelid join pg_namespace tn on tn.oid = t.relnamespace
      where con.contype = 'f' and fn.nspname = any(${schemas}) and tn.nspname = any(${schemas})`,
    sql<
      {
        schema: string;
        name: string;
        args: Routine['args'];
        return_type: string;
        returns_set: boolean;
        returns_composite: boolean;
        volatility: Routine['volatility'];
      }[]
    >`
      select n.nspname as schema, p.proname as name,
        coalesce((select json_agg(json_build_object(
            'name', coalesce(p.proargnames[i], ''), 'type', format_type(p.proargtypes[i - 1], null),
            'hasDefault', i > p.pronargs - p.pronargdefaults) order by i)
          from generate_series(1, p.pronargs) i), '[]') as args,
        format_type(p.prorettype, null) as return_type, p.proretset as returns_set,
        t.typtype = 'c' or t.typrelid <> 0 as returns_composite, p.provolatile::text as volatility
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      join pg_type t on t.oid = p.prorettype
      where n.nspname = any(${schemas}) and p.prokind = 'f'
        and p.prorettype <> 'trigger'::regtype and p.prorettype <> 'event_trigger'::regtype`,
    sql<{ name: string }[]>`
      select typname as name from pg_type
      where typnamespace = 'pg_catalog'::regnamespace and typtype in ('b', 'r', 'm', 'd', 'p')
        and typname !~ '^(_|pg_)' and typname not in ('internal', 'cstring')`,
    sql<{ role: string; setting: string[] }[]>`
      select r.rolname as role, s.setconfig as setting
      from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
      where r.rolname in ('anon', 'authenticated', 'service_role')
        and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))`,
  ]);

  const castTypes = new Map<string, string>();
  for (const { name } of types) castTypes.set(name, `pg_catalog.${quoteIdent(name)}`);
  for (const [alias, name] of Object.entries(TYPE_ALIASES)) {
    castTypes.set(alias, `pg_catalog.${quoteIdent(name)}`);
  }
  const byRoutine = new Map<string, Routine[]>();
  for (const r of routines) {
    const list = byRoutine.get(key(r.schema, r.name)) ?? [];
    list.push({
      schema: r.schema,
      name: r.name,
      args: r.args,
      returnType: r.return_type,
      returnsSet: r.returns_set,
      returnsComposite: r.returns_composite,
      volatility: r.volatility,
    });
    byRoutine.set(key(r.schema, r.name), list);
  }
  const allowedSettings = new Set(['statement_timeout', 'lock_timeout', 'work_mem']);
  return {
    relations: new Map(
      relations.map((r) => [
        key(r.schema, r.name),
        {
          schema: r.schema,
          name: r.name,
          kind: ['v', 'm'].includes(r.kind) ? 'view' : 'table',
          columns: new Map(r.columns.map((column) => [column.name, column])),
          primaryKey: r.pk ?? [],
        },
      ]),
    ),
    foreignKeys: keys,
    routines: byRoutine,
    castTypes,
    roleSettings: new Map(
      settings.map(({ role, setting }) => [
        role,
        setting
          .map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] as [string, string])
          .filter(([name]) => allowedSettings.has(name)),
      ]),
    ),
  };
}

/** Quotes an identifier: only ever applied to names taken from the catalog or to output labels. */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error('identifier with NUL');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Keeps the cache current: loaded at start, reloaded on `NOTIFY pgrst, 'reload schema'` (sent by
 * the DDL event triggers installed below, as on Supabase, so migrations refresh it too).
 */
export class SchemaCacheHolder {
  #current: Promise<SchemaCache>;
  #unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly schemas: string[],
    private readonly log: (line: string) => void,
  ) {
    this.#current = loadSchemaCache(sql, schemas);
  }

  get(): Promise<SchemaCache> {
    return this.#current;
  }

  reload(): Promise<SchemaCache> {
    const next = loadSchemaCache(this.sql, this.schemas);
    // A failed reload keeps serving the previous cache, as PostgREST does.
    const previous = this.#current;
    this.#current = next.catch((error: Error) => {
      this.log(`embedded Supabase: schema cache reload failed: ${error.message}`);
      return previous;
    });
    return this.#current;
  }

  async listen(): Promise<void> {
    const { unlisten } = await this.sql.listen('pgrst', (payload) => {
      if (payload === '' || payload === 'reload schema') void this.reload();
    });
    this.#unlisten = unlisten;
  }

  async close(): Promise<void> {
    await this.#unlisten?.();
  }
}

/**
 * Supabase's pgrst_ddl_watch/pgrst_drop_watch event triggers: any DDL notifies `pgrst` so the
 * schema cache follows migrations; and the function requests raise their own errors with.
 * Idempotent; the triggers are skipped when they already exist.
 */
export async function installDdlWatch(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    create schema if not exists extensions;
    create or replace function extensions.pgrst_ddl_watch() returns event_trigger
    language plpgsql as $$
    begin
      notify pgrst, 'reload schema';
    end $$;
    do $$
    begin
      if not exists (select 1 from pg_event_trigger where evtname = 'pgrst_ddl_watch') then
        create event trigger pgrst_ddl_watch on ddl_command_end
          execute procedure extensions.pgrst_ddl_watch();
      end if;
      if not exists (select 1 from pg_event_trigger where evtname = 'pgrst_drop_watch') then
        create event trigger pgrst_drop_watch on sql_drop
          execute procedure extensions.pgrst_ddl_watch();
      end if;
    end $$;
    ${ABORT_FUNCTION_SQL}`);
}
