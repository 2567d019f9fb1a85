import { createTestUser } from '@repo/database/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealtime } from '../index';
import { RawClient } from '../testing/raw-client';
import { startTestRealtime, type TestRealtime } from '../testing/server';

/**
 * postgres_changes against a real PostgreSQL: value encoding, filters with the column type's
 * semantics, replica identity, column privileges, error events, subscription checks, RLS.
 */
let realtime: TestRealtime;
const clients: RawClient[] = [];

beforeAll(async () => {
  realtime = await startTestRealtime();
  await realtime.sql.unsafe(`
    create table public.typed (
      id bigint generated always as identity primary key,
      n integer, big bigint, amount numeric(10,2), at timestamptz, label text, flag boolean,
      tags text[], doc jsonb, ref uuid, code char(3));
    create table public.keyonly (id int primary key, v text);
    create table public.nokey (v text);
    create table public.secretive (id int primary key, shown text, hidden text);
    revoke all on public.secretive from anon;
    grant select (id, shown) on public.secretive to anon;
    create table public.closed (id int primary key);
    revoke all on public.closed from anon;
    create table public.fragile (id int primary key);
    alter table public.fragile enable row level security;
    create policy fragile_select on public.fragile for select to authenticated
      using (((select auth.jwt()) ->> 'level')::int > 0);
    create table public.unpublished (id int primary key);
    alter publication supabase_realtime
      add table public.typed, public.keyonly, public.nokey, public.secretive, public.closed,
                public.fragile;`);
});
afterAll(async () => {
  for (const client of clients) client.close();
  await realtime.stop();
});

async function subscribe(
  topic: string,
  bindings: object[],
  apikey = realtime.anonKey,
  token?: string,
) {
  const client = await RawClient.connect(realtime.url, { apikey });
  clients.push(client);
  const response = await client.join(`realtime:${topic}`, '1', {
    config: { postgres_changes: bindings },
    ...(token ? { access_token: token } : {}),
  });
  const system = await client.next((frame) => frame.event === 'system');
  return {
    client,
    ids: response.postgres_changes.map((entry: { id: number }) => entry.id),
    system: system.payload,
  };
}

const changes = (client: RawClient) => client.all('postgres_changes').map((frame) => frame.payload);

async function nextChange(client: RawClient, seen = 0) {
  const start = Date.now();
  while (changes(client).length <= seen) {
    if (Date.now() - start > 5000) throw new Error(`no change arrived: ${client.texts.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return changes(client)[seen];
}

describe('subscribing', () => {
  it('echoes the bindings in order with ids, then confirms the subscription', async () => {
    const bindings = [
      { event: 'INSERT', schema: 'public', table: 'typed' },
      { event: '*', schema: 'public', table: 'typed', filter: 'n=eq.1' },
    ];
    const client = await RawClient.connect(realtime.url, { apikey: realtime.anonKey });
    clients.push(client);
    const response = await client.join('realtime:echo', '1', {
      config: { postgres_changes: bindings },
    });
    expect(response.postgres_changes).toEqual([
      { ...bindings[0], id: expect.any(Number) },
      { ...bindings[1], id: expect.any(Number) },
    ]);
    const system = await client.next((frame) => frame.event === 'system');
    expect(system).toMatchObject({
      joinRef: '1',
      ref: null,
      payload: {
        extension: 'postgres_changes',
        status: 'ok',
        message: 'Subscribed to PostgreSQL',
        channel: 'echo',
      },
    });
  });

  it('reports invalid subscriptions as Realtime does, after an ok join', async () => {
    const base = { event: '*', schema: 'public' };
    const unpublished = await subscribe('bad1', [{ ...base, table: 'unpublished' }]);
    expect(unpublished.system).toMatchObject({ extension: 'postgres_changes', status: 'error' });
    expect(unpublished.system.message).toBe(
      'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for ' +
        'the given connect parameters: [event: *, schema: public, table: unpublished, filters: [], select: nil]',
    );
    const column = await subscribe('bad2', [{ ...base, table: 'typed', filter: 'nope=eq.1' }]);
    expect(column.system.message).toContain(
      '[event: *, schema: public, table: typed, filters: [{"nope", "eq", "1", false}], select: nil]',
    );
    expect(column.system.message).toContain('invalid column for filter nope');
    const value = await subscribe('bad3', [{ ...base, table: 'typed', filter: 'n=eq.abc' }]);
    expect(value.system.message).toContain('invalid input syntax for type integer: "abc"');
    const hidden = await subscribe('bad4', [
      { ...base, table: 'secretive', filter: 'hidden=eq.x' },
    ]);
    expect(hidden.system.message).toContain('invalid column for filter hidden');
  });

  it('refuses the join itself with postgres_changes_options.wait', async () => {
    const client = await RawClient.connect(realtime.url, { apikey: realtime.anonKey });
    clients.push(client);
    client.push('1', '1', 'realtime:waiting', 'phx_join', {
      config: {
        postgres_changes: [{ event: '*', schema: 'public', table: 'unpublished' }],
        postgres_changes_options: { wait: true },
      },
    });
    const reply = await client.next((frame) => frame.ref === '1');
    expect(reply.payload.status).toBe('error');
    expect(reply.payload.response.reason).toMatch(
      /^RealtimeDisabledForConfiguration: Unable to subscribe to changes/,
    );
  });
});

describe('events', () => {
  it('encodes values as Realtime does: to_jsonb of the typed value, every digit kept', async () => {
    const { client, ids } = await subscribe('typed', [
      { event: 'INSERT', schema: 'public', table: 'typed' },
    ]);
    await realtime.sql`
      insert into public.typed (n, big, amount, at, label, flag, tags, doc, ref, code)
      values (5, 9007199254740993, 12.5, '2026-01-02 03:04:05.678+02', 'hello', true,
              '{a,"b c"}', '{"k": [1, null]}', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'ab')`;
    const event = await nextChange(client);
    expect(event.ids).toEqual(ids);
    expect(event.data).toEqual({
      schema: 'public',
      table: 'typed',
      type: 'INSERT',
      commit_timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      columns: [
        { name: 'id', type: 'int8' },
        { name: 'n', type: 'int4' },
        { name: 'big', type: 'int8' },
        { name: 'amount', type: 'numeric' },
        { name: 'at', type: 'timestamptz' },
        { name: 'label', type: 'text' },
        { name: 'flag', type: 'bool' },
        { name: 'tags', type: '_text' },
        { name: 'doc', type: 'jsonb' },
        { name: 'ref', type: 'uuid' },
        { name: 'code', type: 'bpchar' },
      ],
      record: {
        id: expect.any(Number),
        n: 5,
        big: 9007199254740992, // JSON.parse rounds; the frame itself keeps the digits (below)
        amount: 12.5,
        at: '2026-01-02T01:04:05.678+00:00',
        label: 'hello',
        flag: true,
        tags: ['a', 'b c'],
        doc: { k: [1, null] },
        ref: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
        code: 'ab ',
      },
      errors: null,
    });
    expect(client.texts.find((text) => text.includes('"type":"INSERT"'))).toContain(
      '"big":9007199254740993',
    );
  });

  it('matches filters with the column type’s semantics; ids name the bindings that matched', async () => {
    const filters = [
      'n=eq.5',
      'n=neq.5',
      'n=lt.10',
      'n=lte.4',
      'n=gt.5',
      'n=gte.5',
      'n=in.(1,5,9)',
      'n=not.eq.5',
      'label=like.he%',
      'label=ilike.HE%',
      'label=is.null',
      'flag=is.true',
      'ref=eq.A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
      'at=gt.2026-01-02T00:00:00Z',
      'amount=eq.12.50',
      'label=eq."a,b"',
      'label=in.("a,b",c)',
      'n=gt.1,n=lt.3',
      'label=match.^h.l',
      'label=isdistinct.hello',
    ];
    const bindings = filters.map((filter) => ({
      event: 'INSERT',
      schema: 'public',
      table: 'typed',
      filter,
    }));
    const { client, ids, system } = await subscribe('filters', bindings);
    expect(system.status).toBe('ok');
    const matched = (event: { ids: number[] }) =>
      filters.filter((_, index) => event.ids.includes(ids[index]!)).sort();

    await realtime.sql`
      insert into public.typed (n, amount, at, label, flag, ref)
      values (5, 12.5, '2026-01-02 03:00+00', 'hello', true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')`;
    expect(matched(await nextChange(client, 0))).toEqual(
      [
        'n=eq.5',
        'n=lt.10',
        'n=gte.5',
        'n=in.(1,5,9)',
        'label=like.he%',
        'label=ilike.HE%',
        'flag=is.true',
        'ref=eq.A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
        'at=gt.2026-01-02T00:00:00Z',
        'amount=eq.12.50',
        'label=match.^h.l',
      ].sort(),
    );
    await realtime.sql`insert into public.typed (n, label) values (2, 'a,b')`;
    expect(matched(await nextChange(client, 1))).toEqual(
      [
        'n=neq.5',
        'n=lt.10',
        'n=lte.4',
        'n=not.eq.5',
        'label=eq."a,b"',
        'label=in.("a,b",c)',
        'n=gt.1,n=lt.3',
        'label=isdistinct.hello',
      ].sort(),
    );
    await realtime.sql`insert into public.typed (n) values (null)`;
    expect(matched(await nextChange(client, 2))).toEqual([
      'label=is.null',
      'label=isdistinct.hello',
    ]);
  });

  it('sends only the selected columns plus the primary key', async () => {
    const { client } = await subscribe('select', [
      { event: 'INSERT', schema: 'public', table: 'typed', select: ['label'] },
    ]);
    await realtime.sql`insert into public.typed (n, label) values (7, 'picked')`;
    const { data } = await nextChange(client);
    expect(data.columns).toEqual([
      { name: 'id', type: 'int8' },
      { name: 'label', type: 'text' },
    ]);
    expect(data.record).toEqual({ id: expect.any(Number), label: 'picked' });
  });

  it('follows replica identity DEFAULT: no old record on UPDATE, key only on DELETE', async () => {
    const { client } = await subscribe('keyonly', [
      { event: '*', schema: 'public', table: 'keyonly' },
      { event: 'DELETE', schema: 'public', table: 'keyonly', filter: 'v=eq.x' },
    ]);
    await realtime.sql`insert into public.keyonly values (1, 'x')`;
    await realtime.sql`update public.keyonly set v = 'y' where id = 1`;
    await realtime.sql`delete from public.keyonly where id = 1`;
    const [, update, remove] = [
      await nextChange(client, 0),
      await nextChange(client, 1),
      await nextChange(client, 2),
    ];
    expect(update.data).toMatchObject({
      type: 'UPDATE',
      record: { id: 1, v: 'y' },
      old_record: null,
    });
    expect(remove.data).toMatchObject({ type: 'DELETE', old_record: { id: 1 } });
    expect(remove.data).not.toHaveProperty('record');
    // The filter names a column the old record lacks, so only the unfiltered binding matched.
    expect(remove.ids).toHaveLength(1);
  });

  it('reports a table without primary key and a role that may not read the key as errors', async () => {
    const nokey = await subscribe('nokey', [{ event: '*', schema: 'public', table: 'nokey' }]);
    const closed = await subscribe('closed', [{ event: '*', schema: 'public', table: 'closed' }]);
    await realtime.sql`insert into public.nokey values ('v')`;
    await realtime.sql`insert into public.closed values (1)`;
    expect((await nextChange(nokey.client)).data).toEqual({
      schema: 'public',
      table: 'nokey',
      type: 'INSERT',
      commit_timestamp: null,
      columns: [],
      record: {},
      errors: ['Error 400: Bad Request, no primary key'],
    });
    expect((await nextChange(closed.client)).data.errors).toEqual(['Error 401: Unauthorized']);
  });

  it('leaves out the columns the role may not select', async () => {
    const { client } = await subscribe('secretive', [
      { event: '*', schema: 'public', table: 'secretive' },
    ]);
    await realtime.sql`insert into public.secretive values (1, 'shown', 'hidden')`;
    const { data } = await nextChange(client);
    expect(data.columns.map((column: { name: string }) => column.name)).toEqual(['id', 'shown']);
    expect(data.record).toEqual({ id: 1, shown: 'shown' });
  });

  it('sends an oversized record with only its small values and Error 413', async () => {
    const { client } = await subscribe('large', [
      { event: 'INSERT', schema: 'public', table: 'typed', filter: 'n=eq.413' },
    ]);
    await realtime.sql`insert into public.typed (n, label) values (413, repeat('x', 1100000))`;
    const { data } = await nextChange(client);
    expect(data.errors).toEqual(['Error 413: Payload Too Large']);
    expect(data.record).toMatchObject({ n: 413 });
    expect(data.record).not.toHaveProperty('label');
  });

  it('keeps commit order across many quick transactions', async () => {
    const { client } = await subscribe('order', [
      { event: 'INSERT', schema: 'public', table: 'typed', filter: 'label=eq.order' },
    ]);
    for (let n = 0; n < 40; n++)
      await realtime.sql`insert into public.typed (n, label) values (${n}, 'order')`;
    await nextChange(client, 39);
    expect(changes(client).map((event) => event.data.record.n)).toEqual([...Array(40).keys()]);
  });

  it('never sends changes of tables outside the publication', async () => {
    const { client } = await subscribe('everything', [{ event: '*', schema: 'public' }]);
    await realtime.sql`insert into public.unpublished values (1)`;
    await realtime.sql`insert into public.keyonly values (42, 'after')`;
    const event = await nextChange(client);
    expect(event.data.table).toBe('keyonly');
    expect(changes(client)).toHaveLength(1);
  });
});

describe('row level security', () => {
  it('checks each subscriber’s claims; a policy that raises fails only that subscriber', async () => {
    const sign = (level: unknown) => realtime.sign({ role: 'authenticated', sub: 'u', level });
    const binding = [{ event: '*', schema: 'public', table: 'fragile' }];
    const allowed = await subscribe('rls1', binding, realtime.anonKey, await sign(1));
    const denied = await subscribe('rls2', binding, realtime.anonKey, await sign(0));
    const broken = await subscribe('rls3', binding, realtime.anonKey, await sign('x'));
    const service = await subscribe('rls4', binding, realtime.serviceRoleKey);
    await realtime.sql`insert into public.fragile values (1)`;
    expect((await nextChange(allowed.client, 0)).data.record).toEqual({ id: 1 });
    expect((await nextChange(service.client, 0)).data.record).toEqual({ id: 1 });
    expect((await nextChange(broken.client, 0)).data.errors).toEqual([
      'Error 500: Internal Server Error, RLS policy evaluation failed',
    ]);
    // The check reads the row as it is when the change is processed: once deleted, it is gone.
    await realtime.sql`delete from public.fragile where id = 1`;
    // DELETE is not RLS-checked: everyone gets the key.
    expect((await nextChange(denied.client, 0)).data).toMatchObject({
      type: 'DELETE',
      old_record: { id: 1 },
    });
    expect(changes(allowed.client)).toHaveLength(2);
  });

  it('waits until a streamed transaction is visible before looking its row up', async () => {
    // A commit reaches the stream a moment before other sessions can see it.
    const session = await realtime.sql.reserve();
    await session`begin`;
    const [transaction] = await session<{ xid: string }[]>`
      select (pg_current_xact_id()::text::bigint % 4294967296)::text as xid`;
    const started = Date.now();
    const waiting = realtime.sql`
      select realtime.embedded_await_transaction(${transaction!.xid})`.execute();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await session`commit`;
    await waiting;
    session.release();
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('shows each user only the items their policies let them select', async () => {
    const alice = await createTestUser(realtime.sql, 'alice');
    const bob = await createTestUser(realtime.sql, 'bob');
    const binding = [{ event: 'INSERT', schema: 'public', table: 'items' }];
    const aliceSub = await subscribe(
      'items-a',
      binding,
      realtime.anonKey,
      await realtime.sign(alice.claims),
    );
    const bobSub = await subscribe(
      'items-b',
      binding,
      realtime.anonKey,
      await realtime.sign(bob.claims),
    );
    await realtime.sql`insert into public.items (owner_id, title) values (${alice.id}, 'for alice')`;
    await realtime.sql`insert into public.items (owner_id, title) values (${bob.id}, 'for bob')`;
    expect((await nextChange(aliceSub.client)).data.record.title).toBe('for alice');
    expect((await nextChange(bobSub.client)).data.record.title).toBe('for bob');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(changes(aliceSub.client)).toHaveLength(1);
    expect(changes(bobSub.client)).toHaveLength(1);
  });
});

describe('replication', () => {
  it('reconnects with a new slot when its connection is lost', async () => {
    const { client } = await subscribe('reconnect', [
      { event: 'INSERT', schema: 'public', table: 'keyonly' },
    ]);
    await realtime.sql`
      select pg_terminate_backend(pid) from pg_stat_replication
      where application_name = 'embedded_realtime_replication'`;
    // Changes committed while it reconnects are lost (as on Realtime), so keep committing.
    for (let id = 100; changes(client).length === 0; id++) {
      await realtime.sql`insert into public.keyonly values (${id}, 'again')`;
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (id > 150) throw new Error('no change after the reconnect');
    }
    expect(changes(client)[0]!.data.record.v).toBe('again');
  });

  it('uses temporary slots (postgres_changes, database broadcasts), gone once Realtime closes', async () => {
    const admin = postgres(realtime.databaseUrl, { max: 1, onnotice: () => {} });
    const slots = async () =>
      (await admin`select count(*)::int as n from pg_replication_slots`)[0]!.n;
    const before = await slots();
    const second = await createRealtime({
      databaseUrl: realtime.databaseUrl,
      verifyJwt: async () => ({}),
    });
    expect(await slots()).toBe(before + 2);
    await second.close();
    await expect.poll(slots).toBe(before);
    await admin.end();
  });
});
