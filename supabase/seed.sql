-- `supabase start` / `supabase db reset` run this after the schema exists. The app's demo data is
-- created by `pnpm db:seed` (packages/database/src/scripts/seed.ts), which also works without the
-- CLI, so this file stays empty on purpose.
select 1;
