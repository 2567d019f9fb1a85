import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client';
import { startTestRealtime, type TestRealtime } from '../testing/server';

/**
 * Attacks on postgres_changes by a subscriber who may not select a row: guesses in filters on
 * DELETE events, and the old values UPDATE events carry. The tables keep every old value in the
 * WAL (REPLICA IDENTITY FULL), so nothing here leans on the replica identity to hide them.
 */
let realtime: TestRealtime;
const clients: RawClient[] = [];

beforeAll(async () => {
  realtime = await startTestRealtime();
  await realtime.sql.unsafe(`
    create table public.vault (
      id int primary key, org text not null, owner text not null, title text, body text);
    alter table public.vault replica identity full;
    alter table public.vault enable row level security;
    grant select on public.vault to authenticated;
    create policy vault_select on public.vault for select to authenticated
      using (org = (select auth.jwt()) ->> 'org');
    create table public.board (id int primary key, title text);
    alter table public.board replica identity full;
    grant select on public.board to authenticated;
    alter publication supabase_realtime add table public.vault, public.board;`);
});
afterAll(async () => {
  for (const client of clients) client.close();
  await realtime.stop();
});

/** A member of `org`: the vault's policy lets them select that org's rows only. */
const memberOf = (org: string) =>
  realtime.sign({ role: 'authenticated', sub: `user-of-${org}`, org });

async function subscribe(topic: string, bindings: object[], token: string) {
  const client = await RawClient.connect(realtime.url, { apikey: realtime.anonKey });
  clients.push(client);
  const response = await client.join(`realtime:${topic}`, '1', {
    config: { postgres_changes: bindings },
    access_token: token,
  });
  const system = await client.next((frame) => frame.event === 'system');
  expect(system.payload.status).toBe('ok');
  const ids: number[] = response.postgres_changes.map((entry: { id: number }) => entry.id);
  return { client, ids };
}

const events = (client: RawClient) => client.all('postgres_changes').map((frame) => frame.payload);
/** Every change event the client was sent, as text (the join reply echoes the guesses). */
const sent = (client: RawClient) => JSON.stringify(events(client));

async function nthEvent(client: RawClient, index: number) {
  const deadline = Date.now() + 5000;
  while (events(client).length <= index) {
    if (Date.now() > deadline) throw new Error(`no change arrived: ${client.texts.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return events(client)[index];
}

/** Changes are delivered in commit order: once a later marker row arrived, earlier ones were decided. */
async function marker(id: number, org: string) {
  await realtime.sql`insert into public.vault values (${id}, ${org}, 'marker', 'marker', '')`;
}

const SECRET = {
  id: 1,
  org: 'a',
  owner: 'alice',
  title: 'Secret plan',
  body: 'merger with Umbrella',
};

/** Guesses about the secret row, right and wrong, as a DELETE subscriber can make them. */
const GUESSES = [
  'title=eq.Secret plan',
  'title=eq.Wrong guess',
  'body=like.%merger%',
  'body=ilike.%umbrella%',
  'org=eq.a',
  'org=in.(a,b)',
  'owner=eq.alice',
  'title=neq.anything',
  'title=not.is.null',
  'title=isdistinct.x',
  'title=match.^S',
];

describe('a DELETE on a table with RLS', () => {
  it('tells a subscriber who guesses values nothing: non-key filters never match, only the key is sent', async () => {
    const bindings = [
      { event: 'DELETE', schema: 'public', table: 'vault' },
      { event: 'DELETE', schema: 'public', table: 'vault', filter: 'id=eq.1' },
      { event: 'DELETE', schema: 'public', table: 'vault', filter: 'id=eq.2' },
      ...GUESSES.map((filter) => ({ event: 'DELETE', schema: 'public', table: 'vault', filter })),
      { event: '*', schema: 'public', table: 'vault', filter: 'org=eq.a' },
    ];
    // An outsider (org b) guesses; a member (org a) subscribes the same way, for comparison.
    const outsider = await subscribe('guess-outsider', bindings, await memberOf('b'));
    const member = await subscribe('guess-member', bindings, await memberOf('a'));

    await realtime.sql`insert into public.vault ${realtime.sql(SECRET)}`;
    // The member got the row's INSERT (org filter, RLS passed); the outsider got nothing.
    const insert = await nthEvent(member.client, 0);
    expect(insert.data).toMatchObject({ type: 'INSERT', record: SECRET });
    await realtime.sql`delete from public.vault where id = 1`;
    await marker(100, 'b');
    await realtime.sql`delete from public.vault where id = 100`;
    // The outsider's last event: the marker's DELETE (its INSERT reached no binding of theirs).
    await nthEvent(outsider.client, 1);

    const [unfiltered, keyGuess] = outsider.ids as [number, number];
    const [deleted] = events(outsider.client);
    expect(deleted.ids.sort()).toEqual([unfiltered, keyGuess].sort());
    expect(deleted.data).toEqual({
      schema: 'public',
      table: 'vault',
      type: 'DELETE',
      commit_timestamp: expect.any(String),
      columns: ['id', 'org', 'owner', 'title', 'body'].map((name) => ({
        name,
        type: name === 'id' ? 'int4' : 'text',
      })),
      old_record: { id: 1 },
      errors: null,
    });
    for (const value of [SECRET.title, SECRET.body, SECRET.owner]) {
      expect(sent(outsider.client)).not.toContain(value);
    }

    // The member got the same DELETE as the outsider: the rule depends on the table, never on
    // who subscribes or what they guess.
    const memberDelete = await nthEvent(member.client, 1);
    expect(memberDelete.ids.sort()).toEqual([member.ids[0], member.ids[1]].sort());
    expect(memberDelete.data.old_record).toEqual({ id: 1 });
  });
});

describe('an UPDATE on a table with RLS', () => {
  it('reaches only who may select the new row, and carries the key of the old row, no old values', async () => {
    const binding = [{ event: 'UPDATE', schema: 'public', table: 'vault' }];
    const orgA = await subscribe('update-a', binding, await memberOf('a'));
    const orgB = await subscribe('update-b', binding, await memberOf('b'));

    await realtime.sql`
      insert into public.vault values (2, 'a', 'alice', 'Draft for a', 'only a may read this')`;
    // Moved out of org a: a loses it and is sent nothing; b never saw the old values.
    await realtime.sql`
      update public.vault set org = 'b', title = 'Handed to b', body = 'for b' where id = 2`;
    const handed = await nthEvent(orgB.client, 0);
    expect(handed.data).toMatchObject({
      type: 'UPDATE',
      record: { id: 2, org: 'b', owner: 'alice', title: 'Handed to b', body: 'for b' },
      old_record: { id: 2 },
      errors: null,
    });
    expect(Object.keys(handed.data.old_record)).toEqual(['id']);
    expect(sent(orgB.client)).not.toContain('only a may read this');
    expect(sent(orgB.client)).not.toContain('Draft for a');

    // Moved back: b loses it and is sent nothing; a is not told what b made of it.
    await realtime.sql`update public.vault set org = 'a', title = 'Back in a' where id = 2`;
    const back = await nthEvent(orgA.client, 0);
    expect(back.data).toMatchObject({
      type: 'UPDATE',
      record: { id: 2, org: 'a', title: 'Back in a', body: 'for b' },
      old_record: { id: 2 },
    });
    expect(sent(orgA.client)).not.toContain('Handed to b');

    await marker(101, 'b');
    await realtime.sql`update public.vault set title = 'seen by b' where id = 101`;
    await nthEvent(orgB.client, 1);
    expect(events(orgA.client)).toHaveLength(1);
    expect(events(orgB.client).map((event) => event.data.record.title)).toEqual([
      'Handed to b',
      'seen by b',
    ]);
  });
});

describe('a table without RLS', () => {
  it('still matches DELETE filters against the whole old row and sends old values, as Realtime does', async () => {
    const { client, ids } = await subscribe(
      'open-board',
      [
        { event: 'DELETE', schema: 'public', table: 'board', filter: 'title=eq.public' },
        { event: 'DELETE', schema: 'public', table: 'board', filter: 'title=eq.other' },
        { event: 'UPDATE', schema: 'public', table: 'board' },
      ],
      await memberOf('b'),
    );
    await realtime.sql`insert into public.board values (1, 'draft')`;
    await realtime.sql`update public.board set title = 'public' where id = 1`;
    await realtime.sql`delete from public.board where id = 1`;
    const update = await nthEvent(client, 0);
    expect(update.data).toMatchObject({
      record: { id: 1, title: 'public' },
      old_record: { id: 1, title: 'draft' },
    });
    const deleted = await nthEvent(client, 1);
    expect(deleted.ids).toEqual([ids[0]]);
    expect(deleted.data.old_record).toEqual({ id: 1, title: 'public' });
  });
});
