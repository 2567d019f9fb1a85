-- Gives a plain PostgreSQL what Supabase Realtime keeps in its `realtime` schema for Realtime
-- Authorization and Broadcast from the database: realtime.messages (RLS policies on it decide who
-- may join, receive and send on a private channel), realtime.topic(), realtime.send() and
-- realtime.broadcast_changes(), as supabase/realtime's tenant migrations define them
-- (lib/realtime/tenants/repo/migrations: 20240523004032, 20240919163303, 20241030150047,
-- 20241108114728, 20250905041441, 20251103001201), plus the publication its replication reads.
--
-- Safe to run many times, and a no-op on a real Supabase database (supabase_admin exists only
-- there), like supabase-bootstrap.sql. Upstream keeps one partition per day and drops old ones;
-- here every message lands in one DEFAULT partition that the embedded Realtime prunes.
do $realtime$
begin
  if exists (select 1 from pg_roles where rolname = 'supabase_admin') then
    raise notice 'supabase realtime bootstrap skipped: this is a Supabase database';
    return;
  end if;

  create schema if not exists realtime;
  grant usage on schema realtime to anon, authenticated, service_role;

  if to_regclass('realtime.messages') is null then
    create table realtime.messages (
      topic text not null,
      extension text not null,
      payload jsonb,
      event text,
      private boolean default false,
      updated_at timestamp not null default now(),
      inserted_at timestamp not null default now(),
      id uuid not null default gen_random_uuid(),
      primary key (id, inserted_at)
    ) partition by range (inserted_at);
    create table realtime.messages_default partition of realtime.messages default;
    create index messages_inserted_at_topic_index on realtime.messages (inserted_at desc, topic)
      where extension = 'broadcast' and private is true;
    alter table realtime.messages enable row level security;
    grant select, insert, update on realtime.messages to anon, authenticated, service_role;
  end if;

  -- The channel a policy is being evaluated for (Realtime sets it per authorization check).
  create or replace function realtime.topic() returns text language sql stable as $f$
    select nullif(current_setting('realtime.topic', true), '')::text;
  $f$;

  create or replace function realtime.send(
    payload jsonb, event text, topic text, private boolean default true
  ) returns void language plpgsql as $f$
  declare
    generated_id uuid;
    final_payload jsonb;
  begin
    begin
      generated_id := gen_random_uuid();
      if payload ? 'id' then
        final_payload := payload;
      else
        final_payload := jsonb_set(payload, '{id}', to_jsonb(generated_id));
      end if;
      execute format('SET LOCAL realtime.topic TO %L', topic);
      insert into realtime.messages (id, payload, event, topic, private, extension)
      values (generated_id, final_payload, event, topic, private, 'broadcast');
    exception
      when others then
        raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
    end;
  end;
  $f$;

  create or replace function realtime.broadcast_changes(
    topic_name text, event_name text, operation text, table_name text, table_schema text,
    new record, old record, level text default 'ROW'
  ) returns void language plpgsql as $f$
  declare
    row_data jsonb := '{}'::jsonb;
  begin
    if level = 'STATEMENT' then
      raise exception 'function can only be triggered for each row, not for each statement';
    end if;
    if operation = 'INSERT' or operation = 'UPDATE' or operation = 'DELETE' then
      row_data := jsonb_build_object('old_record', old, 'record', new, 'operation', operation,
        'table', table_name, 'schema', table_schema);
      perform realtime.send(row_data, event_name, topic_name);
    else
      raise exception 'Unexpected operation type: %', operation;
    end if;
  exception
    when others then
      raise exception 'Failed to process the row: %', sqlerrm;
  end;
  $f$;

  -- Realtime streams the inserted messages from this publication to the channels of each topic.
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime_messages_publication') then
    create publication supabase_realtime_messages_publication
      for table realtime.messages with (publish_via_partition_root = true);
  end if;
end
$realtime$;
