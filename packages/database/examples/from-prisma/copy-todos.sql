-- docs/migrating.md, step 7: copy the legacy todos into public.todos. This file only defines
-- the copy; run it with
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --single-transaction -f copy-todos.sql
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -c 'call legacy.copy_todos(5000)'
-- The call must not run inside a transaction block: the procedure commits after every batch.

-- Each legacy row as it must look in public.todos: one place for the conversion, used by the
-- copy and by verify-copy.sql.
-- Prisma's DateTime is `timestamp(3)` holding UTC: `at time zone 'UTC'` makes it timestamptz
-- whatever the session's TimeZone. Enum values are renamed through text.
create or replace view legacy.todos_to_copy as
select
  m.user_id as owner_id,
  t.id as legacy_id,
  t.title,
  t.done,
  lower(t.priority::text)::public.todo_priority as priority,
  t."dueAt" at time zone 'UTC' as due_at,
  t."createdAt" at time zone 'UTC' as created_at,
  t."updatedAt" at time zone 'UTC' as updated_at
from public."Todo" t
join legacy.user_map m on m.legacy_id = t."userId";

revoke all on legacy.todos_to_copy from public, anon, authenticated;

-- Copies in batches of `batch_size` rows in legacy id order, committing after each one: short
-- transactions, and the legacy app's reads are never blocked (the copy only reads its tables).
-- Safe to stop and call again: rows already copied are skipped (legacy_id is unique).
-- It never updates a copied row, so run the final pass with legacy writes stopped.
-- No `set search_path` clause: a procedure with one cannot commit. Every name is qualified.
create or replace procedure legacy.copy_todos(batch_size integer default 5000)
language plpgsql
as $$
declare
  last_id text := '';
  batch_last text;
begin
  loop
    select max(b.legacy_id) into batch_last
    from (
      select c.legacy_id from legacy.todos_to_copy c
      where c.legacy_id > last_id
      order by c.legacy_id
      limit batch_size
    ) b;
    exit when batch_last is null;

    insert into public.todos
      (owner_id, legacy_id, title, done, priority, due_at, created_at, updated_at)
    select
      c.owner_id, c.legacy_id, c.title, c.done, c.priority, c.due_at, c.created_at, c.updated_at
    from legacy.todos_to_copy c
    where c.legacy_id > last_id and c.legacy_id <= batch_last
    on conflict (legacy_id) do nothing;

    last_id := batch_last;
    commit;
  end loop;
end $$;

revoke all on procedure legacy.copy_todos(integer) from public, anon, authenticated;
