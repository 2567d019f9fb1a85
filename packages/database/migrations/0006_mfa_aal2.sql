-- Sensitive operations take a second factor from a user who has one: deleting an org and changing
-- a member's role. Supabase's documented pattern (restrictive policies comparing the token's `aal`
-- claim with whether auth.mfa_factors holds a verified factor of the caller); see
-- docs/decisions/029-mfa-in-the-database.md. auth.mfa_factors is GoTrue's table: it exists on
-- every Supabase database, and sql/supabase-bootstrap.sql creates it on a plain PostgreSQL.
--
-- SECURITY DEFINER: the API roles have no privileges on auth.mfa_factors; the function reads it
-- as the migrations' owner, and only about the caller (auth.uid()).
create or replace function private.has_required_aal() returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  return coalesce(auth.jwt() ->> 'aal', '') = 'aal2'
    or not exists (
      select 1 from auth.mfa_factors f
      where f.user_id = (select auth.uid()) and f.status = 'verified');
end $$;
--> statement-breakpoint
revoke all on function private.has_required_aal() from public, anon;
--> statement-breakpoint
grant execute on function private.has_required_aal() to authenticated, service_role;
--> statement-breakpoint
CREATE POLICY "memberships_update_requires_aal2" ON "memberships" AS RESTRICTIVE FOR UPDATE TO "authenticated" USING ((select private.has_required_aal())) WITH CHECK ((select private.has_required_aal()));--> statement-breakpoint
CREATE POLICY "organizations_delete_requires_aal2" ON "organizations" AS RESTRICTIVE FOR DELETE TO "authenticated" USING ((select private.has_required_aal()));