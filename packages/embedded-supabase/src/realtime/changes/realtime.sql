-- The database side of the embedded Realtime: what Supabase Realtime does in its `realtime`
-- schema (realtime.apply_rls, realtime.subscription_check_filters, realtime.check_equality_op),
-- reshaped so that ONE call evaluates one change for ALL of its subscribers. Installed
-- idempotently at start; only the superuser the stand-in connects as may call these functions.
-- Identifiers and values reach dynamic SQL only through %I, %L and format_type().

create schema if not exists realtime;
revoke all on schema realtime from public;

-- The SQL condition for one postgres_changes filter against one column value (a literal; NULL
-- when the column is NULL). The value is cast to the column's type, so the comparison has
-- PostgreSQL's semantics for that type, as realtime.check_equality_op does.
create or replace function realtime.embedded_filter_sql(
  column_type text, column_value text, filter jsonb
) returns text
language plpgsql
immutable
as $$
declare
  value text := filter ->> 'value';
  negate boolean := coalesce((filter ->> 'negate')::boolean, false);
  lhs text := format('%L::%s', column_value, column_type);
  symbol text;
  condition text;
begin
  case filter ->> 'op'
    when 'is' then
      if value not in ('null', 'true', 'false', 'unknown') then
        raise exception 'invalid value for is filter: must be null, true, false, or unknown';
      end if;
      return format('(%s is %s%s)', lhs, case when negate then 'not ' else '' end, value);
    when 'isdistinct' then
      return format('(%s is %sdistinct from %L::%s)',
        lhs, case when negate then 'not ' else '' end, value, column_type);
    when 'in' then
      condition := format('%s = any(%L::%s[])', lhs, value, column_type);
    else
      symbol := case filter ->> 'op'
        when 'eq' then '=' when 'neq' then '<>'
        when 'lt' then '<' when 'lte' then '<=' when 'gt' then '>' when 'gte' then '>='
        when 'like' then 'like' when 'ilike' then 'ilike'
        when 'match' then '~' when 'imatch' then '~*'
      end;
      if symbol is null then
        raise exception 'unsupported filter operator: %', filter ->> 'op';
      end if;
      condition := format('%s %s %L::%s', lhs, symbol, value, column_type);
  end case;
  return format('coalesce(%s(%s), false)', case when negate then 'not ' else '' end, condition);
end;
$$;

-- Checks a subscription as realtime.subscription_check_filters does: every filter names a column
-- the subscriber's role may read, and its value and operator fit the column's type. Returns how
-- many published tables the subscription covers.
create or replace function realtime.embedded_check_subscription(subscription jsonb)
returns integer
language plpgsql
as $$
declare
  claims_role text := subscription ->> 'role';
  entity regclass;
  entities integer := 0;
  readable text[];
  filter jsonb;
  column_type text;
  selected text;
  in_values integer;
begin
  for entity in
    select format('%I.%I', p.schemaname, p.tablename)::regclass
    from pg_catalog.pg_publication_tables p
    where p.pubname = 'supabase_realtime'
      and (subscription ->> 'schema' = '*' or p.schemaname = subscription ->> 'schema')
      and (subscription ->> 'table' = '*' or p.tablename = subscription ->> 'table')
  loop
    entities := entities + 1;
    select coalesce(array_agg(a.attname::text), '{}') into readable
    from pg_catalog.pg_attribute a
    where a.attrelid = entity and a.attnum > 0 and not a.attisdropped
      and pg_catalog.has_column_privilege(claims_role, entity, a.attnum, 'SELECT');

    for filter in select value from jsonb_array_elements(subscription -> 'filters') loop
      if not (filter ->> 'column') = any(readable) then
        raise exception 'invalid column for filter %', filter ->> 'column';
      end if;
      select pg_catalog.format_type(a.atttypid, a.atttypmod) into column_type
      from pg_catalog.pg_attribute a
      where a.attrelid = entity and a.attname = filter ->> 'column';
      -- Parsing the condition casts the filter value and resolves the operator for the type.
      execute 'select ' || realtime.embedded_filter_sql(column_type, null, filter);
      if filter ->> 'op' = 'in' then
        execute format('select cardinality(%L::%s[])', filter ->> 'value', column_type)
          into in_values;
        if in_values > 100 then
          raise exception 'too many values for `in` filter. Maximum 100';
        end if;
      elsif filter ->> 'op' in ('match', 'imatch') then
        perform '' ~ (filter ->> 'value');
      end if;
    end loop;

    for selected in
      select jsonb_array_elements_text(coalesce(nullif(subscription -> 'select', 'null'), '[]'))
    loop
      if not selected = any(readable) then
        raise exception 'invalid column for select %', selected;
      end if;
    end loop;
  end loop;
  return entities;
end;
$$;

-- Text values from logical decoding → {column: JSON text of to_jsonb(value::type)}, Realtime's
-- value encoding (realtime.cast). JSON text, so numbers keep every digit on their way out.
create or replace function realtime.embedded_encode(entity regclass, tuple jsonb)
returns jsonb
language plpgsql
as $$
declare
  query text;
  encoded jsonb;
begin
  select 'select jsonb_object_agg(k, v) from (values '
      || string_agg(format('(%L, to_jsonb(($1 ->> %L)::%s)::text)',
           a.attname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)), ', ')
      || ') as t(k, v)'
    into query
  from pg_catalog.pg_attribute a
  where a.attrelid = entity and a.attnum > 0 and not a.attisdropped and tuple ? a.attname;
  if query is null then
    return null;
  end if;
  execute query using tuple into encoded;
  return encoded;
end;
$$;

-- One boolean per distinct filter, all evaluated by one statement. A filter on a column the row
-- does not carry fails, as upstream (e.g. a DELETE's old record holding only the key).
create or replace function realtime.embedded_match_filters(
  entity regclass, tuple jsonb, filters jsonb
) returns boolean[]
language plpgsql
as $$
declare
  passed boolean[];
begin
  if jsonb_array_length(filters) = 0 then
    return '{}';
  end if;
  execute (
    select 'select array[' || string_agg(
        case when tuple ? (f ->> 'column') and a.attname is not null
          then realtime.embedded_filter_sql(
            pg_catalog.format_type(a.atttypid, a.atttypmod), tuple ->> (f ->> 'column'), f)
          else 'false'
        end, ', ' order by n) || ']::boolean[]'
    from jsonb_array_elements(filters) with ordinality as x(f, n)
    left join pg_catalog.pg_attribute a
      on a.attrelid = entity and a.attname = f ->> 'column' and not a.attisdropped
  ) into passed;
  return passed;
exception when others then
  return array_fill(false, array[jsonb_array_length(filters)]);
end;
$$;

-- Logical decoding streams a transaction once its commit is flushed, a moment before the
-- committing session leaves the proc array; until then other sessions cannot see its rows, so an
-- RLS lookup could miss a row that is there. Waits (at most a second) until the transaction with
-- this 32-bit id, widened with the epoch of the current snapshot, is visible.
create or replace function realtime.embedded_await_transaction(xid bigint)
returns void
language plpgsql
as $$
declare
  xmax bigint := pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text::bigint;
  full_xid xid8 := (xmax + ((xid - xmax % 4294967296) + 6442450944) % 4294967296 - 2147483648)
    ::text::xid8;
  deadline timestamptz := pg_catalog.clock_timestamp() + interval '1 second';
begin
  while not pg_catalog.pg_visible_in_snapshot(full_xid, pg_catalog.pg_current_snapshot())
    and pg_catalog.clock_timestamp() < deadline
  loop
    perform pg_catalog.pg_sleep(0.001);
  end loop;
end;
$$;

-- True when one of the subscriber's filter sets (lists of indexes into the change's filters)
-- passes entirely; an empty set (no filter) always does.
create or replace function realtime.embedded_any_set_passes(filter_sets jsonb, passed boolean[])
returns boolean
language sql
immutable
as $$
  select exists (
    select 1 from jsonb_array_elements(filter_sets) s
    where not exists (
      select 1 from jsonb_array_elements_text(s) f
      where not coalesce(passed[f::int + 1], false)))
$$;

-- Evaluates one change for all its subscribers (realtime.apply_rls):
--   change:  {relation_id, xid, action, record, old_record}, text values from logical decoding
--   filters: the distinct filters of the subscriptions the change reached
--   checks:  one entry per distinct claims: {role, claims (JSON text), filter_sets}
-- The row-level security check runs only for claims with a passing filter set, and only for
-- INSERT/UPDATE on tables with RLS: once per claims, as that role with those claims, against the
-- row as it is now. The lookup is prepared once per change and executed per claims. Old rows
-- (UPDATE, DELETE) cannot be checked: on tables with RLS, callers send only their primary key.
create or replace function realtime.embedded_apply_change(change jsonb, filters jsonb, checks jsonb)
returns table (
  rls_enabled boolean,
  primary_key text[],
  table_columns jsonb,
  selectable jsonb,
  new_values jsonb,
  old_values jsonb,
  filters_passed boolean[],
  visible jsonb -- [true|false|null]: jsonb, as drivers may read a NULL in boolean[] as false
)
language plpgsql
as $$
declare
  entity regclass := (change ->> 'relation_id')::oid::regclass;
  action text := change ->> 'action';
  check_entry jsonb;
  has_access boolean;
  results boolean[];
  i integer;
begin
  if exists (select 1 from jsonb_array_elements(checks) c
             where c ->> 'role' not in ('anon', 'authenticated', 'service_role')) then
    raise exception 'realtime: claims role outside the allowlist';
  end if;

  select c.relrowsecurity into rls_enabled from pg_catalog.pg_class c where c.oid = entity;

  select coalesce(array_agg(a.attname::text order by a.attnum), '{}') into primary_key
  from pg_catalog.pg_index x
  join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey)
  where x.indrelid = entity and x.indisprimary;

  select coalesce(jsonb_agg(jsonb_build_object('name', a.attname, 'type', t.typname)
                            order by a.attnum), '[]')
    into table_columns
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_type t on t.oid = a.atttypid
  where a.attrelid = entity and a.attnum > 0 and not a.attisdropped;

  select coalesce(jsonb_object_agg(r.role, (
      select coalesce(jsonb_agg(a.attname order by a.attnum), '[]')
      from pg_catalog.pg_attribute a
      where a.attrelid = entity and a.attnum > 0 and not a.attisdropped
        and pg_catalog.has_column_privilege(r.role, entity, a.attnum, 'SELECT'))), '{}')
    into selectable
  from (select distinct c ->> 'role' as role from jsonb_array_elements(checks) c) r;

  new_values := realtime.embedded_encode(entity, change -> 'record');
  old_values := realtime.embedded_encode(entity, change -> 'old_record');
  -- INSERT/UPDATE filters see the new row, which the RLS check below vets. A DELETE cannot be
  -- vetted, so on a table with RLS its filters see only the primary key, the same as its payload:
  -- a filter on any other column never matches, and a guess about a hidden row tells nothing.
  -- (Supabase Realtime matches DELETE filters against the whole replica identity, which with
  -- REPLICA IDENTITY FULL answers such guesses; here the stricter rule holds.)
  filters_passed := realtime.embedded_match_filters(entity,
    case
      when action <> 'DELETE' then change -> 'record'
      when rls_enabled then (
        select coalesce(jsonb_object_agg(o.key, o.value), '{}')
        from jsonb_each(change -> 'old_record') o
        where o.key = any(primary_key))
      else change -> 'old_record'
    end, filters);

  if not rls_enabled or action = 'DELETE' or cardinality(primary_key) = 0 then
    return next;
    return;
  end if;

  perform realtime.embedded_await_transaction((change ->> 'xid')::bigint);
  if exists (select 1 from pg_catalog.pg_prepared_statements
             where name = 'embedded_realtime_rls_check') then
    deallocate embedded_realtime_rls_check;
  end if;
  execute (
    select format('prepare embedded_realtime_rls_check as select exists (select 1 from %s where %s)',
      entity, string_agg(format('%I = %L::%s', a.attname, change -> 'record' ->> a.attname,
        pg_catalog.format_type(a.atttypid, a.atttypmod)), ' and '))
    from pg_catalog.pg_attribute a
    where a.attrelid = entity and a.attname = any(primary_key)
  );

  results := array_fill(false, array[jsonb_array_length(checks)]);
  for i in 0 .. jsonb_array_length(checks) - 1 loop
    check_entry := checks -> i;
    continue when not (selectable -> (check_entry ->> 'role')) @> to_jsonb(primary_key)
      or not realtime.embedded_any_set_passes(check_entry -> 'filter_sets', filters_passed);
    begin
      perform set_config('role', check_entry ->> 'role', true),
              set_config('request.jwt.claims', check_entry ->> 'claims', true);
      execute 'execute embedded_realtime_rls_check' into has_access;
      results[i + 1] := has_access;
    exception when others then
      results[i + 1] := null; -- the policy failed to evaluate: Realtime reports an Error 500
    end;
    perform set_config('role', 'none', true);
  end loop;
  deallocate embedded_realtime_rls_check;
  visible := to_jsonb(results);
  return next;
end;
$$;

revoke all on function realtime.embedded_filter_sql(text, text, jsonb) from public;
revoke all on function realtime.embedded_check_subscription(jsonb) from public;
revoke all on function realtime.embedded_encode(regclass, jsonb) from public;
revoke all on function realtime.embedded_match_filters(regclass, jsonb, jsonb) from public;
revoke all on function realtime.embedded_any_set_passes(jsonb, boolean[]) from public;
revoke all on function realtime.embedded_await_transaction(bigint) from public;
revoke all on function realtime.embedded_apply_change(jsonb, jsonb, jsonb) from public;
