-- docs/migrating.md, step 7: compares every legacy todo with its copy, column by column, and
-- fails unless they are the same set of rows. Run it after the final copy, before the switch:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f verify-copy.sql
-- A failure changes nothing. Before the switch, starting over is safe:
--   delete from public.todos where legacy_id is not null;  then copy again.
do $$
declare
  legacy_rows bigint;
  mapped_rows bigint;
  missing_or_changed bigint;
  unexpected bigint;
begin
  select count(*) into legacy_rows from public."Todo";
  select count(*) into mapped_rows from legacy.todos_to_copy;

  select count(*) into missing_or_changed from (
    select owner_id, legacy_id, title, done, priority, due_at, created_at, updated_at
    from legacy.todos_to_copy
    except
    select owner_id, legacy_id, title, done, priority, due_at, created_at, updated_at
    from public.todos where legacy_id is not null
  ) d;

  select count(*) into unexpected from (
    select owner_id, legacy_id, title, done, priority, due_at, created_at, updated_at
    from public.todos where legacy_id is not null
    except
    select owner_id, legacy_id, title, done, priority, due_at, created_at, updated_at
    from legacy.todos_to_copy
  ) d;

  if legacy_rows <> mapped_rows or missing_or_changed > 0 or unexpected > 0 then
    raise exception 'copy does not match: % legacy todos, % with an owner, % missing or changed, % not in legacy',
      legacy_rows, mapped_rows, missing_or_changed, unexpected;
  end if;
  raise notice 'copy verified: % todos', legacy_rows;
end $$;
