-- docs/migrating.md, step 1: right after the legacy tables arrive in the Supabase database.
-- Supabase grants ALL on every new table in `public` to anon and authenticated, and these tables
-- have no RLS: until this runs, anyone holding the project's publishable key can read them through
-- the Data API. The legacy app connects as the database owner and is not affected.
-- Run: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --single-transaction -f lock-down-legacy.sql

revoke all on public."User", public."Todo", public."_prisma_migrations"
  from public, anon, authenticated;

-- The migration's own objects (user map, copy view and procedure) live here, out of the Data
-- API's reach; the legacy tables join them when they are retired.
create schema if not exists legacy;
revoke all on schema legacy from public, anon, authenticated;
