import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restFetch, restSuite } from './rest-fixtures';

// Writes and functions through supabase-js: RLS and the column grants decide, a failed statement
// leaves nothing behind, and errors carry PostgREST's codes and statuses.

const world = restSuite();
const countItems = async (ownerId: string) =>
  Number(
    (await world.sql`select count(*)::int as n from public.items where owner_id = ${ownerId}`)[0]!
      .n,
  );

describe('insert', () => {
  it('inserts one row and returns it (201), owner_id defaulting to the caller', async () => {
    const { data, error, status } = await world.other.client
      .from('items')
      .insert({ title: `new ${world.tag}` })
      .select('title, owner_id, done')
      .single();
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toEqual({ title: `new ${world.tag}`, owner_id: world.other.id, done: false });
  });

  it('inserts in bulk with return=minimal (201, no body)', async () => {
    const before = await countItems(world.other.id);
    const { data, status, error } = await world.other.client
      .from('items')
      .insert([{ title: `bulk a ${world.tag}` }, { title: `bulk b ${world.tag}` }]);
    expect(error).toBeNull();
    expect([status, data]).toEqual([201, null]);
    expect(await countItems(world.other.id)).toBe(before + 2);
  });

  it('leaves no partial write when one row of a bulk insert fails (400, SQLSTATE 23514)', async () => {
    const before = await countItems(world.other.id);
    const { error, status } = await world.other.client
      .from('items')
      .insert([{ title: `fine ${world.tag}` }, { title: '' }]);
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: '23514' });
    expect(await countItems(world.other.id)).toBe(before);
  });

  it('refuses an insert into an org the caller is not in (403, 42501) and a spoofed owner_id', async () => {
    const intoOrg = await world.other.client
      .from('items')
      .insert({ title: 'sneak', org_id: world.org.id });
    expect(intoOrg.status).toBe(403);
    expect(intoOrg.error).toMatchObject({
      code: '42501',
      message: 'new row violates row-level security policy for table "items"',
    });
    const spoofed = await world.other.client
      .from('items')
      .insert({ title: 'spoof', owner_id: world.owner.id });
    expect(spoofed.status).toBe(403);
    expect(
      await world.sql`select 1 from public.items where title in ('sneak', 'spoof')`,
    ).toHaveLength(0);
  });

  it('refuses anon (401) and a key that names no column (400 PGRST204)', async () => {
    const anon = await world.anon.from('items').insert({ title: 'anon' });
    expect(anon.status).toBe(401);
    const unknown = await world.other.client.from('items').insert({ title: 'x', nope: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.error).toMatchObject({
      code: 'PGRST204',
      message: "Could not find the 'nope' column of 'items' in the schema cache",
    });
  });

  it('upserts: merge-duplicates updates, ignore-duplicates keeps, on_conflict picks the key', async () => {
    const slug = `upsert-${world.tag}`;
    const first = await world.service
      .from('organizations')
      .upsert({ name: 'First', slug }, { onConflict: 'slug' })
      .select('name')
      .single();
    expect(first.data).toEqual({ name: 'First' });
    const merged = await world.service
      .from('organizations')
      .upsert({ name: 'Merged', slug }, { onConflict: 'slug' })
      .select('name');
    expect(merged.data).toEqual([{ name: 'Merged' }]);
    const ignored = await world.service
      .from('organizations')
      .upsert({ name: 'Ignored', slug }, { onConflict: 'slug', ignoreDuplicates: true })
      .select('name');
    expect(ignored.data).toEqual([]);
    const conflict = await world.service.from('organizations').insert({ name: 'Dup', slug });
    expect(conflict.status).toBe(409);
    expect(conflict.error).toMatchObject({ code: '23505' });
    await world.sql`delete from public.organizations where slug = ${slug}`;
  });
});

describe('update and delete', () => {
  it('lets an org owner edit a member’s org item, but not a member the owner’s', async () => {
    const byOwner = await world.owner.client
      .from('items')
      .update({ done: true })
      .eq('id', world.items.orgByMember.id)
      .select('done');
    expect(byOwner.data).toEqual([{ done: true }]);
    const byMember = await world.member.client
      .from('items')
      .update({ done: true })
      .eq('id', world.items.orgByOwner.id)
      .select('done');
    expect(byMember.data).toEqual([]);
    const [row] =
      await world.sql`select done from public.items where id = ${world.items.orgByOwner.id}`;
    expect(row!.done).toBe(false);
  });

  it('refuses to change a column outside the grants (403 permission denied), whatever the filter', async () => {
    const { status, error } = await world.owner.client
      .from('items')
      .update({ owner_id: world.other.id })
      .eq('id', world.items.ownerPersonal.id);
    expect(status).toBe(403);
    expect(error).toMatchObject({ code: '42501' });
  });

  it('rolls a write back when .single() finds several rows (406)', async () => {
    const { status, error } = await world.owner.client
      .from('items')
      .update({ body: 'changed by single' })
      .eq('org_id', world.org.id)
      .select('id')
      .single();
    expect(status).toBe(406);
    expect(error).toMatchObject({ code: 'PGRST116' });
    expect(
      await world.sql`select 1 from public.items where body = 'changed by single'`,
    ).toHaveLength(0);
  });

  it('deletes only rows RLS lets the caller delete', async () => {
    const other = await world.other.client
      .from('items')
      .delete()
      .eq('id', world.items.memberPersonal.id)
      .select();
    expect(other.data).toEqual([]);
    const victim = await world.owner.client
      .from('items')
      .insert({ title: `delete me ${world.tag}` })
      .select('id')
      .single();
    const own = await world.owner.client.from('items').delete().eq('id', victim.data!.id);
    expect([own.status, own.error]).toEqual([204, null]);
    expect(await world.sql`select 1 from public.items where id = ${victim.data!.id}`).toHaveLength(
      0,
    );
  });

  it('answers headers-only with a Location for the new row', async () => {
    const response = await restFetch(world.target, 'items', {
      method: 'POST',
      token: world.other.token,
      headers: { prefer: 'return=headers-only', 'content-type': 'application/json' },
      body: JSON.stringify({ title: `located ${world.tag}` }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toMatch(/^\/items\?id=eq\.[0-9a-f-]{36}$/);
  });
});

describe('functions (rpc) and JSON columns', () => {
  beforeAll(async () => {
    await world.sql.unsafe(`
      create table if not exists public.rest_contract_docs (
        id bigint generated always as identity primary key,
        owner_id uuid not null default auth.uid(),
        data jsonb not null default '{}',
        tags text[] not null default '{}'
      );
      alter table public.rest_contract_docs enable row level security;
      drop policy if exists own on public.rest_contract_docs;
      create policy own on public.rest_contract_docs to authenticated
        using (owner_id = auth.uid()) with check (owner_id = auth.uid());
      grant select, insert, update on public.rest_contract_docs to authenticated;
      create or replace function public.rest_contract_add(a int, b int default 1) returns int
        language sql immutable as 'select a + b';
      create or replace function public.rest_contract_my_docs() returns setof public.rest_contract_docs
        language sql stable as 'select * from public.rest_contract_docs';
      create or replace function public.rest_contract_whoami() returns json language sql stable as $$
        select json_build_object('role', current_user, 'sub', auth.uid(),
          'method', current_setting('request.method', true),
          'path', current_setting('request.path', true),
          'read_only', current_setting('transaction_read_only'),
          'header', current_setting('request.headers', true)::json->>'x-probe')
      $$;
      create or replace function public.rest_contract_write() returns void
        language sql volatile as 'insert into public.rest_contract_docs default values';
      create or replace function public.rest_contract_stamp() returns setof public.rest_contract_docs
        language sql volatile as
        'update public.rest_contract_docs set tags = tags || ''stamped''::text returning *';`);
    // No explicit NOTIFY: the DDL event triggers send it, as after a migration. Wait for the
    // reload to serve the new table.
    for (let i = 0; i < 50; i++) {
      const probe = await restFetch(world.target, 'rest_contract_docs?select=id', {
        token: world.owner.token,
      });
      if (probe.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await world.owner.client.from('rest_contract_docs').insert([
      { data: { kind: 'a', nested: { n: 1 } }, tags: ['x', 'y'] },
      { data: { kind: 'b', nested: { n: 2 } }, tags: ['y'] },
    ]);
  });
  afterAll(async () => {
    await world.sql.unsafe(`drop function if exists public.rest_contract_add(int, int),
      public.rest_contract_my_docs(), public.rest_contract_write(), public.rest_contract_whoami(),
      public.rest_contract_stamp();
      drop table if exists public.rest_contract_docs;`);
  });

  it('serves a table created after start (DDL → NOTIFY pgrst → schema cache reload)', async () => {
    const { data, error } = await world.owner.client.from('rest_contract_docs').select('id');
    expect(error).toBeNull();
    expect(data).toHaveLength(2);
  });

  it('selects and filters JSON paths and array operators', async () => {
    const { data } = await world.owner.client
      .from('rest_contract_docs')
      .select('kind:data->>kind, n:data->nested->n')
      .eq('data->>kind', 'a');
    expect(data).toEqual([{ kind: 'a', n: 1 }]);
    const cs = await world.owner.client
      .from('rest_contract_docs')
      .select('tags')
      .contains('tags', ['x']);
    expect(cs.data).toEqual([{ tags: ['x', 'y'] }]);
    const ov = await world.owner.client
      .from('rest_contract_docs')
      .select('id')
      .overlaps('tags', ['x', 'z']);
    expect(ov.data).toHaveLength(1);
    const cd = await world.owner.client
      .from('rest_contract_docs')
      .select('id')
      .containedBy('tags', ['y', 'z']);
    expect(cd.data).toHaveLength(1);
    const json = await world.owner.client
      .from('rest_contract_docs')
      .select('id')
      .contains('data', { kind: 'b' });
    expect(json.data).toHaveLength(1);
    const none = await world.other.client.from('rest_contract_docs').select('id');
    expect(none.data).toEqual([]);
  });

  it('calls functions by POST and GET, scalar and set-returning, under RLS', async () => {
    expect((await world.owner.client.rpc('rest_contract_add', { a: 2, b: 3 })).data).toBe(5);
    expect((await world.owner.client.rpc('rest_contract_add', { a: 2 }, { get: true })).data).toBe(
      3,
    );
    const docs = await world.owner.client.rpc('rest_contract_my_docs').select('tags').order('id');
    expect(docs.data).toEqual([{ tags: ['x', 'y'] }, { tags: ['y'] }]);
    const others = await world.other.client.rpc('rest_contract_my_docs');
    expect(others.data).toEqual([]);
  });

  it('runs as the caller, with PostgREST’s request settings, read-only for GET', async () => {
    const post = await world.member.client.rpc('rest_contract_whoami');
    expect(post.data).toMatchObject({
      role: 'authenticated',
      sub: world.member.id,
      method: 'POST',
      path: '/rpc/rest_contract_whoami',
      read_only: 'off',
    });
    const get = await restFetch(world.target, 'rpc/rest_contract_whoami', {
      token: world.member.token,
      headers: { 'x-probe': 'hello' },
    });
    expect(await get.json()).toMatchObject({ method: 'GET', read_only: 'on', header: 'hello' });
    const service = await world.service.rpc('rest_contract_whoami');
    expect(service.data).toMatchObject({ role: 'service_role', sub: null });
  });

  it('answers 404 PGRST202 for an unknown function and 405 for a write through GET', async () => {
    const missing = await world.owner.client.rpc('rest_contract_nope', { a: 1 });
    expect(missing.status).toBe(404);
    expect(missing.error).toMatchObject({ code: 'PGRST202' });
    const readOnly = await world.owner.client.rpc('rest_contract_write', {}, { get: true });
    expect(readOnly.status).toBe(405);
    expect(readOnly.error).toMatchObject({ code: '25006' });
    const write = await world.owner.client.rpc('rest_contract_write');
    expect([write.status, write.error]).toEqual([204, null]);
  });

  it('max-affected with handling=strict undoes a function that returns more rows (PGRST124)', async () => {
    const stamped = async () =>
      (
        await world.sql`select count(*)::int as n from public.rest_contract_docs
        where owner_id = ${world.owner.id} and 'stamped' = any(tags)`
      )[0]!.n;
    const [mineRow] = await world.sql<{ n: number }[]>`
      select count(*)::int as n from public.rest_contract_docs where owner_id = ${world.owner.id}`;
    const mine = mineRow!.n;
    expect(mine).toBeGreaterThan(1);
    const call = (prefer: string) =>
      restFetch(world.target, 'rpc/rest_contract_stamp', {
        method: 'POST',
        token: world.owner.token,
        headers: { 'content-type': 'application/json', prefer },
        body: '{}',
      });
    const refused = await call('handling=strict, max-affected=1');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: 'PGRST124',
      details: `The query affects ${mine} rows`,
    });
    expect(await stamped()).toBe(0); // the function's update rolled back
    // Lenient handling ignores the preference, as PostgREST does.
    const lenient = await call('max-affected=1');
    expect(lenient.status).toBe(200);
    expect(await stamped()).toBe(mine);
    const allowed = await call(`handling=strict, max-affected=${mine}`);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('preference-applied')).toBe(`handling=strict, max-affected=${mine}`);
    expect(await allowed.json()).toHaveLength(mine);
  });
});
