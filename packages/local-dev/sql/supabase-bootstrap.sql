-- Gives a plain PostgreSQL what the Supabase image provides and this project's schema relies on:
-- the API roles, the auth schema with auth.users and the auth.*() claim functions, the
-- supabase_realtime publication, and Supabase's default grants.
--
-- Safe to run many times; every object is created only where it is missing. It never runs on a
-- real Supabase database: the role supabase_admin exists only there, and its presence makes this
-- script a no-op. Sources: docs/supabase-compatibility.md §3 (supabase/postgres
-- init scripts and GoTrue migrations).
do $bootstrap$
begin
  if exists (select 1 from pg_roles where rolname = 'supabase_admin') then
    raise notice 'supabase bootstrap skipped: this is a Supabase database';
    return;
  end if;

  -- Roles (supabase/postgres 00000000000000-initial-schema.sql, 20230529180330_alter_api_roles_for_inherit.sql)
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin inherit;
    alter role anon set statement_timeout = '3s';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin inherit;
    alter role authenticated set statement_timeout = '8s';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin inherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
    alter role authenticator set statement_timeout = '8s';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin nologin noinherit createrole;
  end if;
  grant anon, authenticated, service_role to authenticator;
  -- The connecting role switches to these per transaction (set_config('role', …)); a superuser
  -- may already, any other owner of the database needs membership, as postgres has on Supabase.
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant anon, authenticated, service_role to %I', current_user);
  end if;

  -- Schemas and extensions
  create schema if not exists extensions;
  grant usage on schema extensions to anon, authenticated, service_role;
  create extension if not exists pgcrypto with schema extensions;

  grant usage on schema public to anon, authenticated, service_role;
  alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
  alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
  alter default privileges in schema public grant all on functions to anon, authenticated, service_role;

  create schema if not exists auth authorization supabase_auth_admin;
  grant usage on schema auth to anon, authenticated, service_role;

  -- auth.users with GoTrue's final column set (GoTrue migrations; docs/supabase-compatibility.md §3.4)
  if to_regclass('auth.users') is null then
    create table auth.users (
      instance_id uuid,
      id uuid not null primary key,
      aud varchar(255),
      role varchar(255),
      email varchar(255),
      encrypted_password varchar(255),
      email_confirmed_at timestamptz,
      invited_at timestamptz,
      confirmation_token varchar(255),
      confirmation_sent_at timestamptz,
      recovery_token varchar(255),
      recovery_sent_at timestamptz,
      email_change_token_new varchar(255),
      email_change varchar(255),
      email_change_sent_at timestamptz,
      last_sign_in_at timestamptz,
      raw_app_meta_data jsonb,
      raw_user_meta_data jsonb,
      is_super_admin boolean,
      created_at timestamptz,
      updated_at timestamptz,
      phone text default null unique,
      phone_confirmed_at timestamptz,
      phone_change text default '',
      phone_change_token varchar(255) default '',
      phone_change_sent_at timestamptz,
      confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
      email_change_token_current varchar(255) default '',
      email_change_confirm_status smallint default 0
        check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
      banned_until timestamptz,
      reauthentication_token varchar(255) default '',
      reauthentication_sent_at timestamptz,
      is_sso_user boolean not null default false,
      deleted_at timestamptz,
      is_anonymous boolean not null default false
    );
    create unique index users_email_partial_key on auth.users (email) where (is_sso_user = false);
    create index users_instance_id_idx on auth.users (instance_id);
    create index users_is_anonymous_idx on auth.users (is_anonymous);
    alter table auth.users owner to supabase_auth_admin;
    alter table auth.users enable row level security;
    comment on table auth.users is 'Auth: Stores user login data within a secure schema.';
  end if;

  -- auth.mfa_factors as GoTrue makes it (20221003041349_add_mfa_schema and the later MFA
  -- migrations): policies ask it whether the caller has a verified factor (migration 0006).
  -- The embedded Auth adds the rest of its MFA tables (mfa_challenges) itself.
  if to_regtype('auth.factor_type') is null then
    create type auth.factor_type as enum ('totp', 'webauthn', 'phone');
  end if;
  if to_regtype('auth.factor_status') is null then
    create type auth.factor_status as enum ('unverified', 'verified');
  end if;
  if to_regtype('auth.aal_level') is null then
    create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');
  end if;
  if to_regclass('auth.mfa_factors') is null then
    create table auth.mfa_factors (
      id uuid not null primary key,
      user_id uuid not null references auth.users (id) on delete cascade,
      friendly_name text,
      factor_type auth.factor_type not null,
      status auth.factor_status not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      secret text,
      phone text default null,
      last_challenged_at timestamptz unique default null,
      web_authn_credential jsonb,
      web_authn_aaguid uuid,
      last_webauthn_challenge_data jsonb
    );
    create unique index mfa_factors_user_friendly_name_unique on auth.mfa_factors (friendly_name, user_id)
      where trim(friendly_name) <> '';
    create index factor_id_created_at_idx on auth.mfa_factors (user_id, created_at);
    create index mfa_factors_user_id_idx on auth.mfa_factors (user_id);
    create unique index unique_phone_factor_per_user on auth.mfa_factors (user_id, phone);
    alter table auth.mfa_factors owner to supabase_auth_admin;
    alter table auth.mfa_factors enable row level security;
    -- The migrations' owner reads it in private.has_required_aal(), as postgres can on Supabase.
    execute format('grant select on auth.mfa_factors to %I', current_user);
    comment on table auth.mfa_factors is 'auth: stores metadata about factors';
  end if;

  -- Claim helpers, as GoTrue defines them (20220224000811_update_auth_functions, 20220531120530_add_auth_jwt_function)
  create or replace function auth.uid() returns uuid language sql stable as $f$
    select coalesce(
      nullif(current_setting('request.jwt.claim.sub', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
    )::uuid
  $f$;
  create or replace function auth.role() returns text language sql stable as $f$
    select coalesce(
      nullif(current_setting('request.jwt.claim.role', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
    )::text
  $f$;
  create or replace function auth.email() returns text language sql stable as $f$
    select coalesce(
      nullif(current_setting('request.jwt.claim.email', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
    )::text
  $f$;
  create or replace function auth.jwt() returns jsonb language sql stable as $f$
    select coalesce(
      nullif(current_setting('request.jwt.claim', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb
  $f$;
  alter function auth.uid() owner to supabase_auth_admin;
  alter function auth.role() owner to supabase_auth_admin;
  alter function auth.email() owner to supabase_auth_admin;
  alter function auth.jwt() owner to supabase_auth_admin;
  grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
    to anon, authenticated, service_role;

  -- Realtime reads changes of the tables in this publication (00000000000000-initial-schema.sql)
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;

  comment on schema auth is 'Supabase stand-in created by @repo/local-dev (sql/supabase-bootstrap.sql)';
end
$bootstrap$;
