-- Membership helpers the RLS policies call (see src/schema/access.ts).
--
-- They live in `private`, a schema PostgREST does not expose, and are STABLE SECURITY DEFINER with
-- an empty search_path: they read public.memberships as its owner (so the memberships policies
-- don't recurse into themselves) and every name inside is schema-qualified. Policies call them as
-- `col = any (array(select private.x()))`, an InitPlan evaluated once per statement.
-- plpgsql, so they can be created before the tables they read (migration 0001).
create schema if not exists private;
--> statement-breakpoint
grant usage on schema private to authenticated, service_role;
--> statement-breakpoint
create or replace function private.member_org_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query select m.org_id from public.memberships m where m.user_id = (select auth.uid());
end $$;
--> statement-breakpoint
create or replace function private.admin_org_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query select m.org_id from public.memberships m
    where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin');
end $$;
--> statement-breakpoint
create or replace function private.owner_org_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query select m.org_id from public.memberships m
    where m.user_id = (select auth.uid()) and m.role = 'owner';
end $$;
--> statement-breakpoint
-- Everyone who shares at least one org with the caller (profiles are visible to them).
create or replace function private.peer_user_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query select distinct peer.user_id
    from public.memberships mine
    join public.memberships peer on peer.org_id = mine.org_id
    where mine.user_id = (select auth.uid());
end $$;
--> statement-breakpoint
revoke all on function private.member_org_ids(), private.admin_org_ids(), private.owner_org_ids(),
  private.peer_user_ids() from public, anon;
--> statement-breakpoint
grant execute on function private.member_org_ids(), private.admin_org_ids(), private.owner_org_ids(),
  private.peer_user_ids() to authenticated, service_role;
