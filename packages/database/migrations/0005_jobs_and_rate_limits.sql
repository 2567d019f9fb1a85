-- Side effects leave through a job queue; requests are counted against limits kept here.
--
-- The queue is graphile-worker's schema `graphile_worker`, installed by installJobQueue()
-- (src/jobs/install.ts) next to these migrations. The functions below are plpgsql, whose bodies
-- are resolved when called, so this migration applies before that schema exists.

-- Queues the invitation email in the caller's transaction: it commits or rolls back with the
-- invitation, and the worker sends it after COMMIT. SECURITY DEFINER so users need no rights on
-- the queue; the checks stand in for them: the caller must be an admin of the invitation's org and
-- hold its token (only the request that created it does), and the invitation must still be open.
create or replace function private.enqueue_invitation_email(invitation_id uuid, invitation_token text)
returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if not exists (
    select 1 from public.invitations i
    where i.id = invitation_id
      and i.token_hash = encode(sha256(convert_to(invitation_token, 'UTF8')), 'hex')
      and i.accepted_at is null
      and i.org_id = any (array(select private.admin_org_ids()))
  ) then
    raise exception 'no open invitation with this id and token is yours to send'
      using errcode = 'insufficient_privilege';
  end if;
  perform graphile_worker.add_job(
    'send_invitation_email',
    json_build_object('invitationId', invitation_id, 'token', invitation_token),
    max_attempts := 12,
    job_key := 'invitation_email:' || invitation_id
  );
end $$;
--> statement-breakpoint
revoke all on function private.enqueue_invitation_email(uuid, text) from public, anon;
--> statement-breakpoint
grant execute on function private.enqueue_invitation_email(uuid, text) to authenticated;
--> statement-breakpoint

-- Fixed-window counters shared by every API replica. UNLOGGED: no WAL per request; a crash
-- empties them, which only forgives the current window. Nobody but the owner reads or writes it.
create unlogged table if not exists private.rate_limits (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);
--> statement-breakpoint
alter table private.rate_limits enable row level security;
--> statement-breakpoint
revoke all on private.rate_limits from public, anon, authenticated, service_role;
--> statement-breakpoint

-- Counts one hit on `bucket` in the current window of `window_seconds` (aligned on the epoch) in
-- one atomic upsert. Returns 0 when the hit is within `max_hits`, otherwise the seconds until
-- the window ends (the Retry-After).
create or replace function private.rate_limit_hit(bucket text, max_hits integer, window_seconds integer)
returns integer
language plpgsql volatile set search_path = '' as $$
declare
  started timestamptz := to_timestamp(
    floor(extract(epoch from clock_timestamp()) / window_seconds) * window_seconds);
  counted integer;
begin
  insert into private.rate_limits as r (key, window_start, hits) values (bucket, started, 1)
  on conflict (key) do update set
    hits = case when r.window_start = excluded.window_start then r.hits + 1 else 1 end,
    window_start = excluded.window_start
  returning r.hits into counted;
  if counted <= max_hits then
    return 0;
  end if;
  return greatest(1, ceil(extract(epoch from
    started + make_interval(secs => window_seconds) - clock_timestamp())))::integer;
end $$;
--> statement-breakpoint
revoke all on function private.rate_limit_hit(text, integer, integer) from public, anon, authenticated;
--> statement-breakpoint

-- The invitation quota, taken in the inviting transaction (a refused or failed invitation rolls
-- its hits back): `per_user` per inviter across orgs and `per_org` per org in each window. Only
-- admins of `org` may draw on its quota, so nobody can exhaust another org's.
create or replace function private.take_invitation_quota(
  org uuid, per_user integer, per_org integer, window_seconds integer)
returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  caller uuid := (select auth.uid());
  wait_user integer;
begin
  if caller is null or not (org = any (array(select private.admin_org_ids()))) then
    raise exception 'only admins of this organization can invite'
      using errcode = 'insufficient_privilege';
  end if;
  wait_user := private.rate_limit_hit('invitations:user:' || caller, per_user, window_seconds);
  if wait_user > 0 then
    return wait_user;
  end if;
  return private.rate_limit_hit('invitations:org:' || org, per_org, window_seconds);
end $$;
--> statement-breakpoint
revoke all on function private.take_invitation_quota(uuid, integer, integer, integer) from public, anon;
--> statement-breakpoint
grant execute on function private.take_invitation_quota(uuid, integer, integer, integer) to authenticated;
