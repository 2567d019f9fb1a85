-- Behaviour the schema files cannot express: triggers, the invitation function, column-level
-- grants and realtime publication membership. Functions are SECURITY DEFINER only where they must
-- write rows the caller's policies do not allow; all have an empty search_path.

-- updated_at is kept by the database, so every writer (API, SQL console, seed) gets it right.
create or replace function private.set_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end $$;
--> statement-breakpoint
create trigger set_updated_at before update on public.profiles
  for each row execute function private.set_updated_at();
--> statement-breakpoint
create trigger set_updated_at before update on public.organizations
  for each row execute function private.set_updated_at();
--> statement-breakpoint
create trigger set_updated_at before update on public.memberships
  for each row execute function private.set_updated_at();
--> statement-breakpoint
create trigger set_updated_at before update on public.invitations
  for each row execute function private.set_updated_at();
--> statement-breakpoint
create trigger set_updated_at before update on public.items
  for each row execute function private.set_updated_at();
--> statement-breakpoint

-- A profile for every user Supabase Auth creates; the display name comes from sign-up metadata,
-- else the email's local part. The email is kept in step when the user changes it.
create or replace function private.create_profile_for_new_user() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.profiles (id, email, display_name)
  values (
    new.id,
    coalesce(new.email, ''),
    left(coalesce(
      nullif(trim(new.raw_user_meta_data ->> 'display_name'), ''),
      nullif(trim(new.raw_user_meta_data ->> 'full_name'), ''),
      split_part(coalesce(new.email, ''), '@', 1)
    ), 80)
  )
  on conflict (id) do nothing;
  return new;
end $$;
--> statement-breakpoint
create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.create_profile_for_new_user();
--> statement-breakpoint
create or replace function private.sync_profile_email() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.profiles set email = coalesce(new.email, '') where id = new.id;
  return new;
end $$;
--> statement-breakpoint
create trigger on_auth_user_email_changed after update of email on auth.users
  for each row when (old.email is distinct from new.email)
  execute function private.sync_profile_email();
--> statement-breakpoint

-- The signed-in creator of an org becomes its owner in the same transaction. Service paths (seed)
-- run without a user and add owners themselves.
create or replace function private.add_creator_as_owner() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if (select auth.uid()) is not null then
    insert into public.memberships (org_id, user_id, role) values (new.id, (select auth.uid()), 'owner');
  end if;
  return new;
end $$;
--> statement-breakpoint
create trigger on_organization_created after insert on public.organizations
  for each row execute function private.add_creator_as_owner();
--> statement-breakpoint

-- The last owner of an org can neither leave nor be demoted (deleting the org itself is fine).
-- Locking the org row serialises concurrent owner changes, so two owners cannot both leave.
create or replace function private.keep_an_owner() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner') then
    perform 1 from public.organizations o where o.id = old.org_id for update;
    if found and not exists (
      select 1 from public.memberships m
      where m.org_id = old.org_id and m.role = 'owner' and m.user_id <> old.user_id
    ) then
      raise exception 'an organization must keep at least one owner'
        using errcode = 'integrity_constraint_violation',
              constraint = 'memberships_keep_an_owner',
              hint = 'Make another member an owner first, or delete the organization.';
    end if;
  end if;
  return coalesce(new, old);
end $$;
--> statement-breakpoint
create trigger memberships_keep_an_owner before update of role or delete on public.memberships
  for each row execute function private.keep_an_owner();
--> statement-breakpoint

-- Accepting an invitation: the invitee cannot read invitations, so this definer function looks the
-- token up by its hash, checks it is open, unexpired and addressed to the caller's email, adds the
-- membership and closes the invitation. Returns the org id.
create or replace function private.accept_invitation(invitation_token text) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  invite public.invitations;
  caller uuid := (select auth.uid());
begin
  if caller is null then
    raise exception 'sign in to accept an invitation' using errcode = 'insufficient_privilege';
  end if;
  select * into invite from public.invitations i
    where i.token_hash = encode(sha256(convert_to(invitation_token, 'UTF8')), 'hex')
    for update;
  if not found or invite.accepted_at is not null or invite.expires_at < now() then
    raise exception 'this invitation does not exist, was already used, or has expired'
      using errcode = 'no_data_found';
  end if;
  if invite.email <> lower(coalesce((select auth.jwt()) ->> 'email', '')) then
    raise exception 'this invitation was sent to another email address'
      using errcode = 'insufficient_privilege';
  end if;
  insert into public.memberships (org_id, user_id, role)
    values (invite.org_id, caller, invite.role)
    on conflict (org_id, user_id) do nothing;
  update public.invitations set accepted_at = now() where id = invite.id;
  return invite.org_id;
end $$;
--> statement-breakpoint
revoke all on function private.accept_invitation(text) from public, anon;
--> statement-breakpoint
grant execute on function private.accept_invitation(text) to authenticated;
--> statement-breakpoint
revoke all on function private.set_updated_at(), private.create_profile_for_new_user(),
  private.sync_profile_email(), private.add_creator_as_owner(), private.keep_an_owner() from public, anon, authenticated;
--> statement-breakpoint

-- Grants. Supabase grants ALL on new public tables to anon and authenticated; narrow that:
-- anon gets nothing (every policy is `to authenticated` as well), nobody truncates (TRUNCATE
-- ignores RLS), memberships and profiles are only inserted by the functions above, and updates
-- are limited to the columns users own: ids, owners and timestamps never change through the API.
revoke all on public.profiles, public.organizations, public.memberships, public.invitations,
  public.items from anon;
--> statement-breakpoint
revoke truncate, references, trigger, update on public.profiles, public.organizations,
  public.memberships, public.invitations, public.items from authenticated;
--> statement-breakpoint
revoke insert on public.profiles, public.memberships from authenticated;
--> statement-breakpoint
grant update (display_name, avatar_url) on public.profiles to authenticated;
--> statement-breakpoint
grant update (name, slug) on public.organizations to authenticated;
--> statement-breakpoint
grant update (role) on public.memberships to authenticated;
--> statement-breakpoint
grant update (title, body, done, org_id) on public.items to authenticated;
--> statement-breakpoint

-- Realtime: item changes are streamed to subscribers (RLS-checked per subscriber). FULL replica
-- identity puts the whole old row in the WAL, so `org_id=eq.…` filters match deletes too.
alter table public.items replica identity full;
--> statement-breakpoint
alter publication supabase_realtime add table public.items;
