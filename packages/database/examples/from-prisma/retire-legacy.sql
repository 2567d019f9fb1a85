-- docs/migrating.md, step 8, after the switch: the legacy tables leave `public` (the Data API,
-- drizzle-kit, the starter's tables) but stay in the `legacy` schema, with the user map, until you
-- are sure. Moving is instant (no data is rewritten). It also ends the copy: a copy after the
-- switch would bring back todos users have deleted since.
-- Run: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --single-transaction -f retire-legacy.sql
-- Weeks later, when nothing reads them: drop schema legacy cascade;

drop procedure if exists legacy.copy_todos(integer);
drop view if exists legacy.todos_to_copy;

alter table public."Todo" set schema legacy;
alter table public."User" set schema legacy;
alter type public."Priority" set schema legacy;
-- Prisma Migrate must no longer run against this database; its history is kept with the tables.
alter table public."_prisma_migrations" set schema legacy;
