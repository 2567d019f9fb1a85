-- Tenancy follows membership: what the item policies (0003) cannot express alone.
-- See docs/decisions/013-org-items-follow-membership.md, 014-invitations-follow-the-inviter.md and
-- 015-account-deletion.md.

-- Realtime: the default replica identity puts only the primary key of a deleted row in the WAL, so
-- a DELETE event tells a subscriber nothing about a row it could not select (no title, body,
-- owner or org to match a guessing filter against).
alter table public.items replica identity default;
--> statement-breakpoint

-- An expired invitation no longer holds the address's one open slot: inviting the address again
-- replaces it in the same statement. The trigger runs as the caller, so RLS lets only the org's
-- admins delete anything; anyone else's insert is refused by the insert policy afterwards.
create or replace function private.replace_expired_invitation() returns trigger
language plpgsql set search_path = '' as $$
begin
  delete from public.invitations i
  where i.org_id = new.org_id and i.email = new.email
    and i.accepted_at is null and i.expires_at < now();
  return new;
end $$;
--> statement-breakpoint
create trigger invitations_replace_expired before insert on public.invitations
  for each row execute function private.replace_expired_invitation();
--> statement-breakpoint

-- Invitations carry the inviter's authority: when an admin or owner stops being one (demoted to
-- member, removed, left), the invitations they sent that are still open are revoked with it.
create or replace function private.revoke_invitations_of_former_admin() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.role in ('owner', 'admin') and (tg_op = 'DELETE' or new.role = 'member') then
    delete from public.invitations i
    where i.org_id = old.org_id and i.invited_by = old.user_id and i.accepted_at is null;
  end if;
  return null;
end $$;
--> statement-breakpoint
create trigger memberships_revoke_invitations after update of role or delete on public.memberships
  for each row execute function private.revoke_invitations_of_former_admin();
--> statement-breakpoint
-- Open invitations already sent by people who are no longer admins of the org.
delete from public.invitations i
where i.accepted_at is null and i.invited_by is not null and not exists (
  select 1 from public.memberships m
  where m.org_id = i.org_id and m.user_id = i.invited_by and m.role in ('owner', 'admin')
);
--> statement-breakpoint

-- Deleting a user (Auth's admin API, the dashboard, SQL, or private.delete_account()) never
-- leaves an org without an owner: an org the user was alone in is deleted with its data; where
-- they were the only owner of a shared org, the longest-standing admin (else member) becomes
-- owner. Their open invitations are revoked. Locks the org row as keep_an_owner does.
create or replace function private.hand_over_orgs_of_deleted_user() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  owned uuid;
  heir uuid;
begin
  for owned in
    select m.org_id from public.memberships m
    where m.user_id = old.id and m.role = 'owner'
    order by m.org_id
  loop
    perform 1 from public.organizations o where o.id = owned for update;
    continue when exists (
      select 1 from public.memberships m
      where m.org_id = owned and m.role = 'owner' and m.user_id <> old.id
    );
    select m.user_id into heir from public.memberships m
      where m.org_id = owned and m.user_id <> old.id
      order by m.role = 'admin' desc, m.created_at, m.user_id
      limit 1;
    if heir is null then
      delete from public.organizations o where o.id = owned;
    else
      update public.memberships m set role = 'owner' where m.org_id = owned and m.user_id = heir;
    end if;
  end loop;
  delete from public.invitations i where i.invited_by = old.id and i.accepted_at is null;
  return old;
end $$;
--> statement-breakpoint
create trigger on_auth_user_deleted before delete on auth.users
  for each row execute function private.hand_over_orgs_of_deleted_user();
--> statement-breakpoint

-- A user deleting their own account (DELETE /v1/me), in the caller's transaction. Returns
-- {"outcome": "deleted" | "confirmation_required" | "sole_owner" | "not_found"} and, for
-- sole_owner, the orgs to hand over first: those where the caller is the only owner and others
-- are members. Orgs where the caller is alone go with the account (the trigger above); so do the
-- caller's profile, memberships and items (foreign keys on delete cascade).
create or replace function private.delete_account(confirmation text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  caller uuid := (select auth.uid());
  account_email text;
  blocking jsonb;
begin
  if caller is null then
    raise exception 'sign in to delete your account' using errcode = 'insufficient_privilege';
  end if;
  select u.email into account_email from auth.users u where u.id = caller for update;
  if not found then
    return jsonb_build_object('outcome', 'not_found');
  end if;
  if coalesce(account_email, '') = ''
     or lower(trim(coalesce(confirmation, ''))) <> lower(account_email) then
    return jsonb_build_object('outcome', 'confirmation_required');
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) order by o.name, o.id),
                  '[]'::jsonb)
    into blocking
    from public.organizations o
    join public.memberships mine
      on mine.org_id = o.id and mine.user_id = caller and mine.role = 'owner'
    where not exists (
        select 1 from public.memberships m
        where m.org_id = o.id and m.role = 'owner' and m.user_id <> caller)
      and exists (select 1 from public.memberships m where m.org_id = o.id and m.user_id <> caller);
  if jsonb_array_length(blocking) > 0 then
    return jsonb_build_object('outcome', 'sole_owner', 'organizations', blocking);
  end if;
  delete from auth.users u where u.id = caller;
  return jsonb_build_object('outcome', 'deleted');
end $$;
--> statement-breakpoint
revoke all on function private.delete_account(text) from public, anon;
--> statement-breakpoint
grant execute on function private.delete_account(text) to authenticated;
--> statement-breakpoint
revoke all on function private.replace_expired_invitation(),
  private.revoke_invitations_of_former_admin(), private.hand_over_orgs_of_deleted_user()
  from public, anon, authenticated;
