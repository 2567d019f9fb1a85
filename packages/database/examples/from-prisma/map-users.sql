-- docs/migrating.md, step 5: which Supabase user each legacy user becomes, matched by email.
-- Supabase Auth stores emails in lower case, so both sides are compared that way. Create the
-- Supabase users first (the admin API); run this again after adding any.
-- Run: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --single-transaction -f map-users.sql

create table if not exists legacy.user_map (
  legacy_id text primary key,
  -- unique: two legacy accounts whose emails differ only in case would otherwise merge silently.
  user_id uuid not null unique references auth.users (id)
);

insert into legacy.user_map (legacy_id, user_id)
select u.id, a.id
from public."User" u
join auth.users a on lower(a.email) = lower(trim(u.email))
on conflict (legacy_id) do nothing;

-- Every todo needs an owner. Refuse (and roll back) while any owner has no Supabase user.
do $$
declare
  missing text;
begin
  select string_agg(distinct u.email, ', ' order by u.email) into missing
  from public."Todo" t
  join public."User" u on u.id = t."userId"
  where not exists (select 1 from legacy.user_map m where m.legacy_id = t."userId");
  if missing is not null then
    raise exception 'legacy users without a Supabase user: %', missing
      using hint = 'Create their Supabase users (same email), then run map-users.sql again.';
  end if;
end $$;
