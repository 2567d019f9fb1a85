import { applyMigrations } from '@repo/database/migrator';
import type {
  RealtimePostgresChangesPayload,
  Session,
  SupabaseClient,
} from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type SystemMessage, subscribe } from '../../src/realtime/testing/channels';
import { createConfirmedUser, signedIn } from './clients';
import { getTarget, type Target } from './target';

type Item = { id: string; owner_id: string; org_id: string | null; title: string; done: boolean };
type Change = RealtimePostgresChangesPayload<Item>;

let target: Target;
let sql: postgres.Sql;
let alice: User;
let bob: User;
const clients: SupabaseClient[] = [];

interface User {
  id: string;
  session: Session;
  client: SupabaseClient;
}

async function user(tag: string): Promise<User> {
  const { email, id } = await createConfirmedUser(target, tag);
  const { client, session } = await signedIn(target, email);
  clients.push(client);
  // The join carries the token the client holds at subscribe time.
  await client.realtime.setAuth(session.access_token);
  return { id, session, client };
}

beforeAll(async () => {
  target = await getTarget();
  sql = postgres(target.dbUrl, { max: 2, onnotice: () => {} });
  await applyMigrations(sql);
  [alice, bob] = await Promise.all([user('rt-alice'), user('rt-bob')]);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  await sql.end();
  await target.stop();
});

async function insertItem(ownerId: string, title: string, orgId: string | null = null) {
  const [item] = await sql<Item[]>`
    insert into public.items (owner_id, title, org_id) values (${ownerId}, ${title}, ${orgId})
    returning id, owner_id, org_id, title, done`;
  return item!;
}

/** A channel of `who` that records the items of every INSERT it is sent. */
async function watchInserts(who: User, name: string, filter?: string) {
  const titles: string[] = [];
  const channel = who.client
    .channel(name)
    .on(
      'postgres_changes',
      { event: 'INSERT', schema: 'public', table: 'items', filter },
      (change: Change) => titles.push((change.new as Item).title),
    );
  const system = await subscribe(channel);
  return { channel, titles, system };
}

const arrived = (titles: string[], title: string) => (titles.includes(title) ? true : undefined);

describe('postgres_changes with row level security', () => {
  it('sends each user only the rows their policies let them select, org rows to all members', async () => {
    const aliceFeed = await watchInserts(alice, 'rls-alice');
    const bobFeed = await watchInserts(bob, 'rls-bob');
    expect(aliceFeed.system).toContainEqual<SystemMessage>({
      extension: 'postgres_changes',
      status: 'ok',
      message: 'Subscribed to PostgreSQL',
      channel: 'rls-alice',
    });

    const [org] = await sql<{ id: string }[]>`
      insert into public.organizations (name, slug) values ('Shared', ${`shared-${Date.now()}`})
      returning id`;
    await sql`insert into public.memberships (org_id, user_id, role)
              values (${org!.id}, ${alice.id}, 'owner'), (${org!.id}, ${bob.id}, 'member')`;

    await insertItem(alice.id, 'alice private');
    await insertItem(bob.id, 'bob private');
    await insertItem(alice.id, 'shared by alice', org!.id);
    await eventually(() => arrived(aliceFeed.titles, 'shared by alice'));
    await eventually(() => arrived(bobFeed.titles, 'shared by alice'));
    // Changes arrive in commit order, so the earlier rows have been decided by now.
    expect(aliceFeed.titles).toEqual(['alice private', 'shared by alice']);
    expect(bobFeed.titles).toEqual(['bob private', 'shared by alice']);
  });

  it('matches eq, neq, lt, lte, gt, gte and in filters', async () => {
    const filters = ['eq.b', 'neq.b', 'lt.b', 'lte.b', 'gt.b', 'gte.b', 'in.(a,c)'];
    const seen = new Map(filters.map((filter) => [filter, [] as string[]]));
    let channel = alice.client.channel('filters');
    for (const filter of filters) {
      channel = channel.on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'items', filter: `title=${filter}` },
        (change: Change) => seen.get(filter)!.push((change.new as Item).title),
      );
    }
    const all = await watchInserts(alice, 'filters-all');
    await subscribe(channel);

    for (const title of ['a', 'b', 'c']) await insertItem(alice.id, title);
    await eventually(() => arrived(all.titles, 'c'));
    await eventually(() => (seen.get('gt.b')!.length > 0 ? true : undefined));
    expect(Object.fromEntries(seen)).toEqual({
      'eq.b': ['b'],
      'neq.b': ['a', 'c'],
      'lt.b': ['a'],
      'lte.b': ['a', 'b'],
      'gt.b': ['c'],
      'gte.b': ['b', 'c'],
      'in.(a,c)': ['a', 'c'],
    });
  });

  it('sends UPDATE without the old row and DELETE with only the key (items keep the default replica identity)', async () => {
    const item = await insertItem(alice.id, 'to change');
    const received: Change[] = [];
    const filter = `id=eq.${item.id}`;
    const record = (change: Change) => received.push(change);
    const channel = alice.client
      .channel('update-delete')
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'items', filter }, record)
      .on(
        'postgres_changes',
        { event: 'DELETE', schema: 'public', table: 'items', filter },
        record,
      );
    await subscribe(channel);

    await sql`update public.items set title = 'changed', done = true where id = ${item.id}`;
    await eventually(() => received[0]);
    await sql`delete from public.items where id = ${item.id}`;
    await eventually(() => received[1]);

    const [update, remove] = received as [Change, Change];
    expect(update).toMatchObject({
      schema: 'public',
      table: 'items',
      eventType: 'UPDATE',
      new: { id: item.id, owner_id: alice.id, title: 'changed', done: true, org_id: null },
      old: {},
      errors: null,
    });
    // RLS cannot vouch for the old version: at most its key, whatever the replica identity.
    expect(Object.keys(update.old).filter((column) => column !== 'id')).toEqual([]);
    expect(Object.keys(update.new).sort()).toEqual([
      'body',
      'created_at',
      'done',
      'id',
      'org_id',
      'owner_id',
      'title',
      'updated_at',
    ]);
    expect(update.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(remove).toMatchObject({
      eventType: 'DELETE',
      new: {},
      old: { id: item.id },
      errors: null,
    });
    expect(Object.keys(remove.old)).toEqual(['id']);
  });
});

describe('access tokens on channels', () => {
  it('applies a refreshed access token to the rows the channel is sent', async () => {
    const system: SystemMessage[] = [];
    const feed = await watchInserts(bob, 'switch');
    feed.channel.on('system', {}, (message: SystemMessage) => system.push(message));

    await bob.client.realtime.setAuth(alice.session.access_token);
    // Realtime confirms the re-subscription made with the new claims.
    await eventually(
      () => system.find((message) => message.message === 'Subscribed to PostgreSQL'),
      10_000,
    );
    await insertItem(bob.id, 'bob after switch');
    await insertItem(alice.id, 'alice after switch');
    await eventually(() => arrived(feed.titles, 'alice after switch'));
    expect(feed.titles).toEqual(['alice after switch']);
  });

  it('closes the channel with a system error once its token expires', async () => {
    const secret = new TextEncoder().encode(target.jwtSecret);
    const shortLived = await new SignJWT({
      sub: alice.id,
      role: 'authenticated',
      aud: 'authenticated',
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(Math.floor(Date.now() / 1000) + 3)
      .sign(secret);
    const { email } = await createConfirmedUser(target, 'rt-expiring');
    const { client } = await signedIn(target, email);
    clients.push(client);
    await client.realtime.setAuth(shortLived);

    const statuses: string[] = [];
    const system: SystemMessage[] = [];
    const channel = client
      .channel('expiring')
      .on('system', {}, (message: SystemMessage) => system.push(message));
    channel.subscribe((status) => statuses.push(status));
    await eventually(() => (statuses.includes('SUBSCRIBED') ? true : undefined));

    const error = await eventually(
      () => system.find((message) => message.status === 'error'),
      15_000,
    );
    expect(error).toMatchObject({ extension: 'system', channel: 'expiring' });
    expect(error.message).toMatch(/^Token has expired \d+ seconds ago$/);
    await eventually(() => (statuses.includes('CLOSED') ? true : undefined));
  });
});
