import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restFetch, restSuite } from './rest-fixtures';

// Spread and many-to-many embedding, PUT and the Prefer options, each with the attempt to get
// around RLS through it. The embedded target lets `Prefer: tx` choose (txEnd
// commit-allow-override); Supabase's PostgREST does not, and ignores it.

const world = restSuite({ embedded: { api: { txEnd: 'commit-allow-override' } } });
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  await world.sql.unsafe(`
    create table if not exists public.rest_tags (
      id bigint primary key,
      name text not null,
      owner_id uuid not null default auth.uid(),
      rank int not null default 7
    );
    alter table public.rest_tags enable row level security;
    drop policy if exists read_all on public.rest_tags;
    drop policy if exists write_own on public.rest_tags;
    create policy read_all on public.rest_tags for select to authenticated using (true);
    create policy write_own on public.rest_tags for all to authenticated
      using (owner_id = auth.uid()) with check (owner_id = auth.uid());
    grant select, insert, update, delete on public.rest_tags to authenticated;
    create table if not exists public.rest_item_tags (
      item_id uuid not null references public.items(id) on delete cascade,
      tag_id bigint not null references public.rest_tags(id) on delete cascade,
      primary key (item_id, tag_id)
    );
    alter table public.rest_item_tags enable row level security;
    drop policy if exists follows_items on public.rest_item_tags;
    create policy follows_items on public.rest_item_tags for select to authenticated
      using (exists (select 1 from public.items i where i.id = item_id));
    grant select on public.rest_item_tags to authenticated;`);
  await world.sql`insert into public.rest_tags (id, name, owner_id)
    values (1, 'red', ${world.owner.id}), (2, 'blue', ${world.owner.id}),
           (3, 'green', ${world.other.id})`;
  await world.sql`insert into public.rest_item_tags (item_id, tag_id)
    values (${world.items.ownerPersonal.id}, 1), (${world.items.ownerPersonal.id}, 2),
           (${world.items.orgByOwner.id}, 1), (${world.items.otherPersonal.id}, 3)`;
  // The DDL event triggers reload the schema cache; wait until it serves the junction.
  for (let i = 0; i < 50; i++) {
    const probe = await restFetch(world.target, 'items?select=id,rest_tags(id)&limit=1', {
      token: world.owner.token,
    });
    if (probe.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});
afterAll(async () => {
  await world.sql?.unsafe('drop table if exists public.rest_item_tags, public.rest_tags');
});

describe('spread embedding', () => {
  it('puts a to-one resource’s columns on the parent, null where RLS hides it', async () => {
    const { data, error } = await world.member.client
      .from('items')
      .select('title, ...organizations(org_name:name, slug)')
      .in('id', [world.items.orgByOwner.id, world.items.memberPersonal.id])
      .order('title');
    expect(error).toBeNull();
    expect(data).toEqual([
      { title: world.items.memberPersonal.title, org_name: null, slug: null },
      { title: world.items.orgByOwner.title, org_name: `Org ${world.tag}`, slug: world.org.slug },
    ]);
  });

  it('keeps a to-one spread’s column types: CSV has plain values, JSON the same as before', async () => {
    const query = () =>
      world.member.client
        .from('items')
        .select('title, ...organizations(org_name:name, created_at)')
        .eq('id', world.items.orgByOwner.id);
    const csv = await query().csv();
    expect(csv.error).toBeNull();
    const [header, row] = String(csv.data).split('\n');
    expect(header).toBe('title,org_name,created_at');
    // Text as PostgreSQL prints a record: quoted where it has spaces, never as JSON ("\"Org…\"").
    expect(row).toMatch(
      new RegExp(
        `^"${world.items.orgByOwner.title}","Org ${world.tag}","\\d{4}-\\d{2}-\\d{2} [^"]+"$`,
      ),
    );
    const json = await query().single();
    expect(json.data).toMatchObject({ org_name: `Org ${world.tag}` });
    expect(String((json.data as { created_at: string }).created_at)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('spreads a to-many resource as arrays, with only the rows RLS lets the caller see', async () => {
    const owner = await world.owner.client
      .from('organizations')
      .select('slug, ...items(titles:title)')
      .eq('id', world.org.id)
      .single();
    expect(owner.error).toBeNull();
    expect((owner.data as unknown as { titles: string[] }).titles.sort()).toEqual(
      [world.items.orgByMember.title, world.items.orgByOwner.title].sort(),
    );
    // Outside the org: the org itself is hidden, so nothing spreads from it.
    const other = await world.other.client
      .from('organizations')
      .select('slug, ...items(titles:title)')
      .eq('id', world.org.id);
    expect(other.data).toEqual([]);
  });

  it('keeps RLS on the spread resource: another user’s items show no org through it', async () => {
    const { data } = await world.other.client
      .from('items')
      .select('title, ...organizations!inner(name)')
      .eq('id', world.items.orgByOwner.id);
    expect(data).toEqual([]);
  });
});

describe('many-to-many embedding', () => {
  it('embeds through a junction whose key holds both foreign keys', async () => {
    const { data, error } = await world.owner.client
      .from('items')
      .select('title, rest_tags(name)')
      .eq('id', world.items.ownerPersonal.id)
      .single();
    expect(error).toBeNull();
    expect(
      (data as unknown as { rest_tags: { name: string }[] }).rest_tags.map((t) => t.name).sort(),
    ).toEqual(['blue', 'red']);
  });

  it('shows another tenant nothing through the junction (the junction and items follow RLS)', async () => {
    const { data, error } = await world.other.client
      .from('rest_tags')
      .select('name, items(title)')
      .order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: 'red', items: [] },
      { name: 'blue', items: [] },
      { name: 'green', items: [{ title: world.items.otherPersonal.title }] },
    ]);
    const inner = await world.other.client
      .from('rest_tags')
      .select('name, items!inner(title)')
      .eq('id', 1);
    expect(inner.data).toEqual([]);
  });
});

describe('PUT', () => {
  const put = (path: string, body: unknown, token: string, prefer = 'return=representation') =>
    restFetch(world.target, path, {
      method: 'PUT',
      token,
      headers: { ...json, prefer },
      body: JSON.stringify(body),
    });

  it('inserts (201) then replaces (200) one row named by its whole primary key', async () => {
    const created = await put('rest_tags?id=eq.10', { id: 10, name: 'ten' }, world.owner.token);
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual([
      { id: 10, name: 'ten', owner_id: world.owner.id, rank: 7 },
    ]);
    const replaced = await put(
      'rest_tags?id=eq.10&select=name',
      { id: 10, name: 'TEN' },
      world.owner.token,
    );
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toEqual([{ name: 'TEN' }]);
  });

  it('answers PostgREST’s errors: not the whole key (405), key mismatch (400), limit (400)', async () => {
    const noKey = await put('rest_tags?name=eq.x', { id: 11, name: 'x' }, world.owner.token);
    expect(noKey.status).toBe(405);
    expect(await noKey.json()).toMatchObject({ code: 'PGRST105' });
    const notEq = await put('rest_tags?id=gt.10', { id: 11, name: 'x' }, world.owner.token);
    expect(notEq.status).toBe(405);
    const mismatch = await put('rest_tags?id=eq.12', { id: 13, name: 'x' }, world.owner.token);
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({
      code: 'PGRST115',
      message: 'Payload values do not match URL in primary key column(s)',
    });
    const limited = await put('rest_tags?id=eq.12&limit=1', { id: 12 }, world.owner.token);
    expect(limited.status).toBe(400);
    expect(await limited.json()).toMatchObject({ code: 'PGRST114' });
    const many = await put('rest_tags?id=eq.12', [{ id: 12, name: 'x' }], world.owner.token);
    expect(many.status).toBe(400);
    expect(await world.sql`select id from public.rest_tags where id in (12, 13)`).toEqual([]);
  });

  it('cannot take over another tenant’s row: RLS refuses, the row is unchanged', async () => {
    const res = await put('rest_tags?id=eq.1', { id: 1, name: 'mine now' }, world.other.token);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const [row] = await world.sql`select name, owner_id from public.rest_tags where id = 1`;
    expect(row).toEqual({ name: 'red', owner_id: world.owner.id });
    const spoof = await put(
      'rest_tags?id=eq.20',
      { id: 20, name: 'spoof', owner_id: world.owner.id },
      world.other.token,
    );
    expect(spoof.status).toBe(403);
    expect(await world.sql`select 1 from public.rest_tags where id = 20`).toEqual([]);
  });

  it('refuses a NUL byte in the body with a 4xx and writes nothing', async () => {
    const res = await put('rest_tags?id=eq.21', { id: 21, name: 'a\u0000b' }, world.owner.token);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await world.sql`select 1 from public.rest_tags where id = 21`).toEqual([]);
  });
});

describe('Prefer', () => {
  it('handling=strict refuses unknown preferences (PGRST122); lenient ignores them', async () => {
    const strict = await restFetch(world.target, 'rest_tags?select=id', {
      token: world.owner.token,
      headers: { prefer: 'handling=strict, foo, bar=1' },
    });
    expect(strict.status).toBe(400);
    expect(await strict.json()).toEqual({
      code: 'PGRST122',
      details: 'Invalid preferences: foo, bar=1',
      hint: null,
      message: 'Invalid preferences given with handling=strict',
    });
    const lenient = await restFetch(world.target, 'rest_tags?select=id', {
      token: world.owner.token,
      headers: { prefer: 'handling=lenient, foo' },
    });
    expect(lenient.status).toBe(200);
    expect(lenient.headers.get('preference-applied')).toBe('handling=lenient');
  });

  it('max-affected with handling=strict undoes a delete that reaches more rows (PGRST124)', async () => {
    await world.sql`insert into public.rest_tags (id, name, owner_id)
      values (30, 'm', ${world.owner.id}), (31, 'm', ${world.owner.id})`;
    const res = await restFetch(world.target, 'rest_tags?name=eq.m', {
      method: 'DELETE',
      token: world.owner.token,
      headers: { prefer: 'handling=strict, max-affected=1' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'PGRST124',
      details: 'The query affects 2 rows',
    });
    expect(await world.sql`select id from public.rest_tags where name = 'm'`).toHaveLength(2);
    const allowed = await restFetch(world.target, 'rest_tags?name=eq.m', {
      method: 'DELETE',
      token: world.owner.token,
      headers: { prefer: 'handling=strict, max-affected=2' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('preference-applied')).toBe('handling=strict, max-affected=2');
  });

  it('missing=default fills keys a row lacks with the column default instead of NULL', async () => {
    const rows = [
      { id: 40, name: 'a' },
      { id: 41, name: 'b', rank: 1 },
    ];
    const withNulls = await restFetch(world.target, 'rest_tags?columns=id,name,rank', {
      method: 'POST',
      token: world.owner.token,
      headers: json,
      body: JSON.stringify(rows),
    });
    expect(withNulls.status).toBe(400); // rank is NOT NULL: a missing key is NULL by default
    expect(await withNulls.json()).toMatchObject({ code: '23502' });
    const withDefaults = await restFetch(
      world.target,
      'rest_tags?columns=id,name,rank,owner_id&select=id,rank,owner_id',
      {
        method: 'POST',
        token: world.owner.token,
        headers: { ...json, prefer: 'missing=default, return=representation' },
        body: JSON.stringify(rows),
      },
    );
    expect(withDefaults.status).toBe(201);
    expect(withDefaults.headers.get('preference-applied')).toBe(
      'missing=default, return=representation',
    );
    expect(await withDefaults.json()).toEqual([
      { id: 40, rank: 7, owner_id: world.owner.id },
      { id: 41, rank: 1, owner_id: world.owner.id },
    ]);
  });

  it('tx=rollback answers as if written and keeps nothing, where the configuration allows it', async () => {
    const res = await restFetch(world.target, 'rest_tags?select=name', {
      method: 'POST',
      token: world.owner.token,
      headers: { ...json, prefer: 'tx=rollback, return=representation' },
      body: JSON.stringify({ id: 50, name: 'rolled back' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual([{ name: 'rolled back' }]);
    const kept = await world.sql`select 1 from public.rest_tags where id = 50`;
    expect(kept).toHaveLength(world.target.embedded ? 0 : 1);
    expect(res.headers.get('preference-applied')).toBe(
      world.target.embedded ? 'return=representation, tx=rollback' : 'return=representation',
    );
  });

  it('tx=rollback bypasses nothing: RLS still refuses, and a failed write leaves the connection clean', async () => {
    const spoof = await restFetch(world.target, 'rest_tags', {
      method: 'POST',
      token: world.other.token,
      headers: { ...json, prefer: 'tx=rollback' },
      body: JSON.stringify({ id: 51, name: 'spoof', owner_id: world.owner.id }),
    });
    expect(spoof.status).toBe(403);
    const hidden = await restFetch(world.target, 'items?select=title', {
      token: world.other.token,
      headers: { prefer: 'tx=rollback' },
    });
    expect(((await hidden.json()) as { title: string }[]).map((r) => r.title)).toEqual([
      world.items.otherPersonal.title,
    ]);
    // Every pooled connection answers as the right role afterwards (none left in a transaction).
    const after = await Promise.all(
      Array.from({ length: 12 }, () =>
        restFetch(world.target, 'rest_tags?select=id&id=eq.1', { token: world.other.token }),
      ),
    );
    expect(after.map((r) => r.status)).toEqual(Array(12).fill(200));
  });
});

describe('values as literals', () => {
  it('keeps quotes, backslashes and dollar quotes as data in filters and bodies', async () => {
    const hostile = `\\'; drop table public.rest_tags; -- $$ E'\\\\' ''`;
    const res = await restFetch(
      world.target,
      `rest_tags?select=id&name=eq.${encodeURIComponent(hostile)}`,
      { token: world.owner.token },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    const inserted = await world.owner.client
      .from('rest_tags')
      .insert({ id: 60, name: hostile })
      .select('name')
      .single();
    expect(inserted.data).toEqual({ name: hostile });
    expect(await world.sql`select name from public.rest_tags where id = 60`).toEqual([
      { name: hostile },
    ]);
  });

  it('answers a select of hundreds of embeds without a server error', async () => {
    const select = Array.from({ length: 300 }, (_, i) => `o${i}:organizations(name)`).join(',');
    const res = await restFetch(world.target, `items?select=${select}&limit=1`, {
      token: world.member.token,
    });
    expect(res.status).toBeLessThan(500);
  });
});
