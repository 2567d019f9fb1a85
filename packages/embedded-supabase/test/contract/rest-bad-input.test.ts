import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { restFetch, restSuite } from './rest-fixtures';

// Hostile and malformed requests: each gets a clear 4xx JSON error, and nothing the grammar does
// not allow reaches the database (the items are all still there afterwards).

const world = restSuite();

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const response = await restFetch(world.target, path, { token: world.owner.token, ...init });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body };
}

const itemsLeft = async () =>
  Number(
    (
      await world.sql`select count(*)::int as n from public.items where title like ${`%${world.tag}`}`
    )[0]!.n,
  );

describe('malformed filters and operators', () => {
  it.each([
    ['a filter without an operator', 'items?title=eq'],
    ['an unknown operator', 'items?title=contains.x'],
    ['an unknown modifier', 'items?title=eq(some).{a}'],
    ['an unclosed in list', 'items?id=in.(a,b'],
    ['a bad is value', 'items?org_id=is.maybe'],
    ['a malformed or tree', 'items?or=(title.eq.a,'],
    ['a bad order direction', 'items?order=title.sideways'],
    ['a non-numeric limit', 'items?limit=ten'],
  ])('answers 400 PGRST100 for %s', async (_name, path) => {
    const { status, body } = await call(path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'PGRST100' });
    expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message']);
  });

  it('answers 400 from PostgreSQL for a value of the wrong type (22P02)', async () => {
    const { status, body } = await call('items?id=eq.not-a-uuid');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: '22P02' });
  });

  it('answers 400 for a JSON body that does not parse (PGRST102)', async () => {
    const { status, body } = await call('items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": ',
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'PGRST102' });
  });
});

describe('SQL in identifiers and values', () => {
  it.each([
    ['a column', 'items?select=title,"id; delete from items"'],
    ['a filter key', `items?${encodeURIComponent('title;delete from items--')}=eq.x`],
    ['an order column', `items?order=${encodeURIComponent('title;delete from items')}`],
    ['a cast', `items?select=${encodeURIComponent('title::text);delete from items--')}`],
    ['an embedded resource', `items?select=${encodeURIComponent('title,organizations;delete(*)')}`],
  ])('refuses SQL in %s with a 4xx and runs nothing', async (_name, path) => {
    const before = await itemsLeft();
    const { status } = await call(path);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(await itemsLeft()).toBe(before);
  });

  it('treats SQL in a table name as an unknown table (404)', async () => {
    const { status } = await call(`${encodeURIComponent('items; delete from items')}`);
    expect(status).toBe(404);
    expect(await itemsLeft()).toBe(5);
  });

  it('binds values: a quote in a filter value is only data', async () => {
    const { status, body } = await call(`items?title=eq.${encodeURIComponent("x' or '1'='1")}`);
    expect(status).toBe(200);
    expect(body).toEqual([]);
  });

  it('keeps SQL in a quoted alias inside the label, and refuses a stray quote', async () => {
    const { status, body } = await call(
      `items?select=${encodeURIComponent('"x; drop table items":title')}&id=eq.${world.items.ownerPersonal.id}`,
    );
    expect(status).toBe(200);
    expect(body).toEqual([{ 'x; drop table items': world.items.ownerPersonal.title }]);
    const stray = await call(`items?select=${encodeURIComponent('a"b:title')}`);
    expect(stray.status).toBe(400);
  });

  it('answers 4xx for NUL bytes in a filter value and in a JSON body', async () => {
    const filter = await call('items?title=eq.a%00b');
    expect(filter.status).toBe(400);
    const insert = await call('items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'nul\u0000here' }),
    });
    expect(insert.status).toBe(400);
    expect(await world.sql`select 1 from public.items where title like 'nul%'`).toHaveLength(0);
  });
});

describe('size and depth', () => {
  it('serves an in list of 300 ids, and refuses a URL too long to be a query (4xx)', async () => {
    const ids = Array.from({ length: 300 }, () => crypto.randomUUID());
    const fine = await call(
      `items?select=id&id=in.(${[world.items.ownerPersonal.id, ...ids].join(',')})`,
    );
    expect(fine.status).toBe(200);
    expect(fine.body).toEqual([{ id: world.items.ownerPersonal.id }]);
    const huge = Array.from({ length: 3000 }, () => crypto.randomUUID());
    const response = await restFetch(world.target, `items?select=id&id=in.(${huge.join(',')})`, {
      token: world.owner.token,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('refuses embedding nested deeper than the limit with a 400', async () => {
    let select = 'id';
    for (let i = 0; i < 12; i++) select = `id,organizations(id,items(${select}))`;
    const { status } = await call(`items?select=${encodeURIComponent(select)}`);
    expect(status).toBe(400);
  });
});

describe('tokens, schemas and tables', () => {
  const sign = (payload: Record<string, unknown>, secret = world.target.jwtSecret) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(secret));

  it('answers 401 for an expired token and for a forged signature', async () => {
    const expired = await sign({ sub: world.owner.id, role: 'authenticated', exp: 1_000 });
    const a = await call('items', { token: expired });
    expect(a.status).toBe(401);
    expect(String(a.body.code)).toMatch(/^PGRST30[13]$/);
    const forged = await sign(
      { sub: world.owner.id, role: 'authenticated', exp: 4_000_000_000 },
      'not-the-secret-not-the-secret-not-the-secret',
    );
    const b = await call('items', { token: forged });
    expect(b.status).toBe(401);
  });

  it('never switches to a role the API does not hand out (postgres, supabase_admin)', async () => {
    for (const role of ['postgres', 'supabase_admin']) {
      const token = await sign({ sub: world.owner.id, role, exp: 4_000_000_000 });
      const { status } = await call('items?select=id', { token });
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
  });

  it('answers 404 for an unknown table and 406 PGRST106 for a schema that is not exposed', async () => {
    const missing = await call('no_such_table');
    expect(missing.status).toBe(404);
    expect(['PGRST205', '42P01']).toContain(missing.body.code);
    const hidden = await call('users', { headers: { 'accept-profile': 'auth' } });
    expect(hidden.status).toBe(406);
    expect(hidden.body).toMatchObject({ code: 'PGRST106' });
  });
});
