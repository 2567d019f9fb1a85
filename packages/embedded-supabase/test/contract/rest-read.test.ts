import { describe, expect, it } from 'vitest';
import { restFetch, restSuite, titles } from './rest-fixtures';

// The Data API's reads through supabase-js (@supabase/postgrest-js): what each caller gets is
// decided by RLS on the app's own tables, as with PostgREST under `supabase start`.

const world = restSuite();
const mine = () => `*${world.tag}*`;

describe('who sees which rows', () => {
  it('gives the owner their personal items and the org’s items, nothing of others', async () => {
    const { data, error } = await world.owner.client
      .from('items')
      .select('title')
      .like('title', mine());
    expect(error).toBeNull();
    expect(titles(data)).toEqual(
      [world.items.orgByMember, world.items.orgByOwner, world.items.ownerPersonal]
        .map((i) => i.title)
        .sort(),
    );
  });

  it('gives an org member the org’s items and their own, not the owner’s personal ones', async () => {
    const { data } = await world.member.client.from('items').select('title').like('title', mine());
    expect(titles(data)).toEqual(
      [world.items.memberPersonal, world.items.orgByMember, world.items.orgByOwner]
        .map((i) => i.title)
        .sort(),
    );
  });

  it('gives a user outside the org only their own item, even when asking for an org item by id', async () => {
    const { data } = await world.other.client.from('items').select('title').like('title', mine());
    expect(titles(data)).toEqual([world.items.otherPersonal.title]);
    const byId = await world.other.client
      .from('items')
      .select('id')
      .eq('id', world.items.orgByOwner.id);
    expect(byId.data).toEqual([]);
  });

  it('refuses anon: the app revokes every privilege from anon (401, SQLSTATE 42501)', async () => {
    const { data, error, status } = await world.anon.from('items').select('*');
    expect(data).toBeNull();
    expect(status).toBe(401);
    expect(error).toMatchObject({ code: '42501', message: 'permission denied for table items' });
  });

  it('lets service_role read every row (it bypasses RLS)', async () => {
    const { data } = await world.service.from('items').select('title').like('title', mine());
    expect(data).toHaveLength(5);
  });

  it('shows organizations and memberships only to members', async () => {
    const member = await world.member.client
      .from('memberships')
      .select('user_id,role')
      .eq('org_id', world.org.id);
    expect(member.data?.map((m) => m.role).sort()).toEqual(['member', 'owner']);
    const other = await world.other.client
      .from('organizations')
      .select('id')
      .eq('id', world.org.id);
    expect(other.data).toEqual([]);
  });
});

describe('select', () => {
  it('renames, casts and lists columns in the order asked', async () => {
    const { data } = await world.owner.client
      .from('items')
      .select('name:title, done_text:done::text, id')
      .eq('id', world.items.ownerPersonal.id)
      .single();
    expect(data).toEqual({
      name: world.items.ownerPersonal.title,
      done_text: 'false',
      id: world.items.ownerPersonal.id,
    });
    expect(Object.keys(data!)).toEqual(['name', 'done_text', 'id']);
  });

  it('answers 400 with 42703 for a column that does not exist', async () => {
    const { error, status } = await world.owner.client.from('items').select('title,nope');
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: '42703', message: 'column items.nope does not exist' });
  });
});

describe('filters', () => {
  const own = () => world.owner.client.from('items').select('title').like('title', mine());

  it('eq, neq, in, is, not, ilike', async () => {
    expect(titles((await own().eq('id', world.items.orgByOwner.id)).data)).toEqual([
      world.items.orgByOwner.title,
    ]);
    expect((await own().neq('id', world.items.orgByOwner.id)).data).toHaveLength(2);
    const inList = await own().in('id', [
      world.items.ownerPersonal.id,
      world.items.otherPersonal.id,
    ]);
    expect(titles(inList.data)).toEqual([world.items.ownerPersonal.title]);
    expect(titles((await own().is('org_id', null)).data)).toEqual([
      world.items.ownerPersonal.title,
    ]);
    expect((await own().not('org_id', 'is', null)).data).toHaveLength(2);
    expect(titles((await own().ilike('title', `ORG BY OWNER*`)).data)).toEqual([
      world.items.orgByOwner.title,
    ]);
  });

  it('gt/lt on timestamps, match, isdistinct, full-text search', async () => {
    const past = await own().gt('created_at', '2000-01-01T00:00:00Z');
    expect(past.data).toHaveLength(3);
    expect((await own().lt('created_at', '2000-01-01T00:00:00Z')).data).toEqual([]);
    expect(titles((await own().match({ done: false, org_id: world.org.id })).data)).toHaveLength(2);
    expect(titles((await own().filter('title', 'match', '^owner')).data)).toEqual([
      world.items.ownerPersonal.title,
    ]);
    expect(titles((await own().filter('title', 'imatch', '^OWNER')).data)).toEqual([
      world.items.ownerPersonal.title,
    ]);
    expect((await own().filter('org_id', 'isdistinct', world.org.id)).data).toHaveLength(1);
    expect(
      titles((await own().textSearch('title', 'personal', { config: 'english' })).data),
    ).toEqual([world.items.ownerPersonal.title]);
    expect(titles((await own().textSearch('title', 'org owner', { type: 'plain' })).data)).toEqual([
      world.items.orgByOwner.title,
    ]);
    expect((await own().textSearch('title', '"org by"', { type: 'phrase' })).data).toHaveLength(2);
    expect(
      (await own().textSearch('title', 'org -member', { type: 'websearch' })).data,
    ).toHaveLength(1);
  });

  it('or and nested and, with quoted values', async () => {
    const { data } = await own().or(
      `id.eq.${world.items.ownerPersonal.id},and(org_id.not.is.null,title.like."org by member*")`,
    );
    expect(titles(data)).toEqual(
      [world.items.orgByMember.title, world.items.ownerPersonal.title].sort(),
    );
  });

  it('and= at the top level, and or on an embedded resource', async () => {
    // supabase-js has no .and(); the parameter is PostgREST's all the same.
    const both = await restFetch(
      world.target,
      `items?select=title&title=like.*${world.tag}*&and=(org_id.not.is.null,owner_id.eq.${world.member.id})`,
      { token: world.owner.token },
    );
    expect(titles((await both.json()) as Array<{ title: string }>)).toEqual([
      world.items.orgByMember.title,
    ]);
    const org = await world.owner.client
      .from('organizations')
      .select('slug, items(title)')
      .eq('id', world.org.id)
      .or(`owner_id.eq.${world.member.id},title.eq.none`, { referencedTable: 'items' })
      .single();
    expect(org.data!.items).toEqual([{ title: world.items.orgByMember.title }]);
  });

  it('never widens what RLS allows: an or on another user’s id returns nothing of theirs', async () => {
    const { data } = await world.other.client
      .from('items')
      .select('title')
      .or(`id.eq.${world.items.ownerPersonal.id},owner_id.eq.${world.owner.id}`);
    expect(data).toEqual([]);
  });
});

describe('order, paging and counts', () => {
  const own = () =>
    world.member.client.from('items').select('title', { count: 'exact' }).like('title', mine());

  it('orders with nulls first/last and pages with limit/offset and range', async () => {
    const asc = await own().order('title', { ascending: true });
    const names = asc.data!.map((r) => r.title);
    expect(names).toEqual([...names].sort());
    const nulls = await world.member.client
      .from('items')
      .select('org_id')
      .like('title', mine())
      .order('org_id', { nullsFirst: true });
    expect(nulls.data![0]!.org_id).toBeNull();
    const page = await own().order('title').range(1, 1);
    expect(page.data).toEqual([{ title: names[1] }]);
    expect(page.count).toBe(3);
    expect(page.status).toBe(206);
  });

  it('sends Content-Range for exact, planned and estimated counts, and HEAD without a body', async () => {
    const exact = await restFetch(world.target, `items?select=id&title=like.*${world.tag}*`, {
      token: world.member.token,
      headers: { prefer: 'count=exact', range: '0-0' },
    });
    expect(exact.headers.get('content-range')).toBe('0-0/3');
    expect(exact.status).toBe(206);
    const planned = await world.member.client
      .from('items')
      .select('id', { count: 'planned', head: true })
      .like('title', mine());
    expect(planned.error).toBeNull();
    expect(typeof planned.count).toBe('number');
    const estimated = await world.member.client
      .from('items')
      .select('id', { count: 'estimated', head: true })
      .like('title', mine());
    expect(estimated.count).toBe(3);
    const head = await restFetch(world.target, 'items?select=id', {
      method: 'HEAD',
      token: world.member.token,
    });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('caps a read at max_rows and answers 416 for an offset past the end', async () => {
    const far = await restFetch(world.target, `items?title=like.*${world.tag}*&offset=10`, {
      token: world.member.token,
      headers: { prefer: 'count=exact' },
    });
    expect(far.status).toBe(416);
    expect(await far.json()).toMatchObject({ code: 'PGRST103' });
  });
});

describe('single objects and CSV', () => {
  it('returns an object for .single(), and 406 PGRST116 for none or many', async () => {
    const one = await world.owner.client
      .from('items')
      .select('title')
      .eq('id', world.items.orgByOwner.id)
      .single();
    expect(one.data).toEqual({ title: world.items.orgByOwner.title });
    const none = await world.other.client
      .from('items')
      .select('title')
      .eq('id', world.items.orgByOwner.id)
      .single();
    expect(none.status).toBe(406);
    expect(none.error).toMatchObject({ code: 'PGRST116', details: 'The result contains 0 rows' });
    const many = await world.owner.client
      .from('items')
      .select('title')
      .like('title', mine())
      .single();
    expect(many.error).toMatchObject({ code: 'PGRST116', details: 'The result contains 3 rows' });
    const maybe = await world.other.client
      .from('items')
      .select('title')
      .eq('id', world.items.orgByOwner.id)
      .maybeSingle();
    expect(maybe).toMatchObject({ data: null, error: null });
  });

  it('serves CSV with a header row', async () => {
    const { data } = await world.owner.client
      .from('items')
      .select('title,done')
      .eq('id', world.items.ownerPersonal.id)
      .csv();
    expect(data).toBe(`title,done\n"${world.items.ownerPersonal.title}",f`);
  });
});

describe('resource embedding', () => {
  it('embeds the org of an item (many-to-one, an object) and the org’s items (one-to-many, an array)', async () => {
    const item = await world.member.client
      .from('items')
      .select('title, organizations(name, slug)')
      .eq('id', world.items.orgByOwner.id)
      .single();
    expect(item.data).toEqual({
      title: world.items.orgByOwner.title,
      organizations: { name: `Org ${world.tag}`, slug: world.org.slug },
    });
    const org = await world.member.client
      .from('organizations')
      .select('slug, items(title)')
      .eq('id', world.org.id)
      .single();
    expect(titles(org.data!.items)).toEqual(
      [world.items.orgByMember.title, world.items.orgByOwner.title].sort(),
    );
  });

  it('applies RLS inside the embed: a personal item embeds no org, the other user sees no org', async () => {
    const personal = await world.owner.client
      .from('items')
      .select('title, org:organizations!items_org_id_organizations_id_fk(name)')
      .eq('id', world.items.ownerPersonal.id)
      .single();
    expect(personal.data).toEqual({ title: world.items.ownerPersonal.title, org: null });
    const viaColumn = await world.owner.client
      .from('items')
      .select('title, org:org_id(name)')
      .eq('id', world.items.ownerPersonal.id)
      .single();
    expect(viaColumn.data).toEqual({ title: world.items.ownerPersonal.title, org: null });
  });

  it('filters, orders and limits embedded rows, and !inner filters the parents', async () => {
    const org = await world.owner.client
      .from('organizations')
      .select('slug, items(title)')
      .eq('id', world.org.id)
      .eq('items.owner_id', world.member.id)
      .order('title', { referencedTable: 'items', ascending: false })
      .limit(1, { referencedTable: 'items' })
      .single();
    expect(org.data!.items).toEqual([{ title: world.items.orgByMember.title }]);
    const toOne = await world.member.client
      .from('items')
      .select('title, organizations(slug)')
      .eq('id', world.items.orgByOwner.id)
      .limit(1, { referencedTable: 'organizations' })
      .single();
    expect(toOne.data).toEqual({
      title: world.items.orgByOwner.title,
      organizations: { slug: world.org.slug },
    });
    const inner = await world.owner.client
      .from('items')
      .select('title, organizations!inner(slug)')
      .like('title', mine())
      .eq('organizations.slug', world.org.slug);
    expect(inner.data).toHaveLength(2);
  });

  it('answers 400 PGRST200 for a relation without a foreign key, PGRST108 for a filter on a missing embed', async () => {
    const none = await world.owner.client.from('items').select('title, profiles(id)');
    expect(none.status).toBe(400);
    expect(none.error).toMatchObject({ code: 'PGRST200' });
    const missing = await world.owner.client
      .from('items')
      .select('title')
      .eq('organizations.slug', 'x');
    expect(missing.error).toMatchObject({ code: 'PGRST108' });
  });
});
