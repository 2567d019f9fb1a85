-- Live updates through Broadcast from the database on private channels (docs/decisions/030).
--
-- Realtime Authorization: a private channel's join, receive and send are decided by these
-- policies on realtime.messages, evaluated as the joining user with the channel's topic. Topic
-- `org:<orgId>` carries an org's items to its current members, `user:<userId>` a user's personal
-- items to that user alone. Only the database broadcasts on them (the trigger below runs as the
-- migration owner): users may only track presence, so nobody can forge an item event for others.
-- Uses only what hosted Supabase provides (realtime.messages, realtime.topic(),
-- realtime.broadcast_changes()); the embedded stack's bootstrap creates the same.

-- Who may use a topic; unknown shapes (and non-lowercase UUIDs, which no trigger sends to) are no.
create or replace function private.can_use_realtime_topic(topic text) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  uuid_pattern constant text := '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
begin
  if topic ~ ('^user:' || uuid_pattern || '$') then
    return substr(topic, 6)::uuid = (select auth.uid());
  elsif topic ~ ('^org:' || uuid_pattern || '$') then
    return exists (
      select 1 from public.memberships m
      where m.org_id = substr(topic, 5)::uuid and m.user_id = (select auth.uid())
    );
  end if;
  return false;
end $$;
--> statement-breakpoint
revoke all on function private.can_use_realtime_topic(text) from public, anon;
--> statement-breakpoint
grant execute on function private.can_use_realtime_topic(text) to authenticated;
--> statement-breakpoint
create policy "items_topics_receive" on realtime.messages for select to authenticated
  using (extension in ('broadcast', 'presence') and (select private.can_use_realtime_topic(realtime.topic())));
--> statement-breakpoint
create policy "items_topics_presence" on realtime.messages for insert to authenticated
  with check (extension = 'presence' and (select private.can_use_realtime_topic(realtime.topic())));
--> statement-breakpoint

-- The topic an item's audience listens on.
create or replace function private.item_topic(org_id uuid, owner_id uuid) returns text
language sql immutable set search_path = '' as $$
  select case when org_id is null then 'user:' || owner_id::text else 'org:' || org_id::text end
$$;
--> statement-breakpoint
revoke all on function private.item_topic(uuid, uuid) from public, anon;
--> statement-breakpoint

-- Broadcasts each item change to its topic. The old record is only the key (a removed row's
-- content is not sent again, as for postgres_changes, decision 016). A move between topics is a
-- DELETE (the key only) for the old audience and an INSERT for the new one, so neither learns what
-- the other may not see. SECURITY DEFINER: users have no INSERT right on broadcast messages.
create or replace function private.broadcast_item_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  old_topic text;
  new_topic text;
  old_key public.items;
begin
  if tg_op <> 'INSERT' then
    old_topic := private.item_topic(old.org_id, old.owner_id);
    old_key := jsonb_populate_record(null::public.items, jsonb_build_object('id', old.id));
  end if;
  if tg_op <> 'DELETE' then
    new_topic := private.item_topic(new.org_id, new.owner_id);
  end if;
  if tg_op = 'DELETE' or old_topic <> new_topic then
    perform realtime.broadcast_changes(
      old_topic, 'DELETE', 'DELETE', tg_table_name, tg_table_schema, null::public.items, old_key);
  end if;
  if tg_op = 'INSERT' or old_topic <> new_topic then
    perform realtime.broadcast_changes(
      new_topic, 'INSERT', 'INSERT', tg_table_name, tg_table_schema, new, null::public.items);
  elsif tg_op = 'UPDATE' then
    perform realtime.broadcast_changes(
      new_topic, 'UPDATE', 'UPDATE', tg_table_name, tg_table_schema, new, old_key);
  end if;
  return null;
end $$;
--> statement-breakpoint
revoke all on function private.broadcast_item_change() from public, anon, authenticated;
--> statement-breakpoint
create trigger items_broadcast_changes
  after insert or update or delete on public.items
  for each row execute function private.broadcast_item_change();
--> statement-breakpoint

-- Tells a removed member's own tabs at once (on their user topic), so they leave the org's
-- channel and present a fresh token; Realtime re-checks the policies with it and closes the
-- channel. Realtime itself asks the policies only at join and on a token change.
create or replace function private.broadcast_membership_ended() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform realtime.send(
    jsonb_build_object('org_id', old.org_id), 'membership_ended', 'user:' || old.user_id::text, true);
  return null;
end $$;
--> statement-breakpoint
revoke all on function private.broadcast_membership_ended() from public, anon, authenticated;
--> statement-breakpoint
create trigger memberships_broadcast_ended
  after delete on public.memberships
  for each row execute function private.broadcast_membership_ended();
