import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, subscribe } from '../../src/realtime/testing/channels';
import { realtimeSuite } from './clients';
import { targetsEmbedded } from './target';

/**
 * What a signed-in user learns through supabase-js about rows RLS hides from them, on a table
 * that keeps every old value in the WAL (REPLICA IDENTITY FULL): nothing but the primary key of
 * a deleted row. The hosted Realtime matches DELETE filters against the whole old row and sends
 * an UPDATE's old values to whoever may select the new row; the embedded one does neither, so
 * those two tests run against it only.
 */
type Secret = { id: string; reader: string; title: string; body: string };
type Change = RealtimePostgresChangesPayload<Secret>;

const suite = realtimeSuite();
const TABLE = 'realtime_hidden_rows';
let sql: postgres.Sql;
let alice: { id: string; client: SupabaseClient };
let mallory: { id: string; client: SupabaseClient };

const user = (tag: string) => suite.signedInUser(tag);

beforeAll(async () => {
  sql = postgres(suite.target.dbUrl, { max: 2, onnotice: () => {} });
  // Each row is readable by its `reader` only.
  await sql.unsafe(`
    create table if not exists public.${TABLE} (
      id uuid primary key default gen_random_uuid(), reader uuid not null, title text, body text);
    alter table public.${TABLE} replica identity full;
    alter table public.${TABLE} enable row level security;
    grant select on public.${TABLE} to authenticated;
    drop policy if exists reader_selects on public.${TABLE};
    create policy reader_selects on public.${TABLE} for select to authenticated
      using (reader = (select auth.uid()));
    do $$ begin
      if not exists (select 1 from pg_publication_tables
                     where pubname = 'supabase_realtime' and tablename = '${TABLE}') then
        alter publication supabase_realtime add table public.${TABLE};
      end if;
    end $$;`);
  [alice, mallory] = await Promise.all([user('hidden-alice'), user('hidden-mallory')]);
});

afterAll(async () => {
  await sql.unsafe(`drop table if exists public.${TABLE}`);
  await sql.end();
});

async function insertSecret(reader: string, title: string, body: string): Promise<Secret> {
  const [row] = await sql<Secret[]>`
    insert into ${sql(`public.${TABLE}`)} (reader, title, body) values (${reader}, ${title}, ${body})
    returning *`;
  return row!;
}

/** A channel of `who` with one binding per filter, recording what each binding is sent. */
async function watch(
  who: { client: SupabaseClient },
  event: 'DELETE' | 'UPDATE',
  filters: (string | undefined)[],
) {
  const received = new Map(filters.map((filter) => [filter ?? '', [] as Change[]]));
  let channel = who.client.channel(`hidden-${event}-${crypto.randomUUID()}`);
  for (const filter of filters) {
    channel = channel.on(
      'postgres_changes',
      { event, schema: 'public', table: TABLE, filter },
      (change: Change) => received.get(filter ?? '')!.push(change),
    );
  }
  await subscribe(channel);
  return received;
}

describe('postgres_changes on rows RLS hides', () => {
  it('sends a DELETE with only the primary key, to anyone subscribed without a filter', async () => {
    const feed = await watch(mallory, 'DELETE', [undefined]);
    const secret = await insertSecret(alice.id, 'Alice only', 'nobody else reads this');
    await sql`delete from ${sql(`public.${TABLE}`)} where id = ${secret.id}`;
    const [deleted] = await eventually(() => feed.get('')![0] && feed.get('')!);
    expect(deleted).toEqual({
      schema: 'public',
      table: TABLE,
      commit_timestamp: expect.any(String),
      eventType: 'DELETE',
      new: {},
      old: { id: secret.id },
      errors: null,
    });
  });

  it.runIf(targetsEmbedded())(
    'never matches a DELETE filter that guesses a hidden value, right or wrong',
    async () => {
      const secret = await insertSecret(alice.id, 'Acquisition', 'merger with Umbrella Corp');
      const guesses = [
        'title=eq.Acquisition',
        'title=eq.Something else',
        'body=like.%Umbrella%',
        `reader=eq.${alice.id}`,
        'title=neq.x',
      ];
      const feed = await watch(mallory, 'DELETE', [undefined, `id=eq.${secret.id}`, ...guesses]);
      await sql`delete from ${sql(`public.${TABLE}`)} where id = ${secret.id}`;
      // A later delete on the unfiltered binding: by then the secret's delete was decided.
      const marker = await insertSecret(mallory.id, 'marker', '');
      await sql`delete from ${sql(`public.${TABLE}`)} where id = ${marker.id}`;
      await eventually(() => (feed.get('')!.length === 2 ? true : undefined));

      const ids = (filter: string) =>
        feed.get(filter)!.map((change) => (change.old as Partial<Secret>).id);
      expect(ids('')).toEqual([secret.id, marker.id]);
      expect(ids(`id=eq.${secret.id}`)).toEqual([secret.id]);
      for (const guess of guesses) expect(ids(guess)).toEqual([]);
      expect(JSON.stringify([...feed.values()])).not.toMatch(/Acquisition|Umbrella|merger/);
    },
  );

  it.runIf(targetsEmbedded())(
    'sends an UPDATE only to who may select the new row, without the old values',
    async () => {
      const aliceFeed = await watch(alice, 'UPDATE', [undefined]);
      const malloryFeed = await watch(mallory, 'UPDATE', [undefined, `reader=eq.${mallory.id}`]);
      const secret = await insertSecret(alice.id, 'Draft', 'what alice wrote alone');

      // Handed to Mallory: Alice loses the row (sent nothing), Mallory sees it from now on only.
      await sql`update ${sql(`public.${TABLE}`)}
                set reader = ${mallory.id}, title = 'Handed over', body = 'for mallory'
                where id = ${secret.id}`;
      const [handed] = await eventually(() => malloryFeed.get('')![0] && malloryFeed.get('')!);
      expect(handed).toMatchObject({
        eventType: 'UPDATE',
        new: { id: secret.id, reader: mallory.id, title: 'Handed over', body: 'for mallory' },
        errors: null,
      });
      expect(Object.keys(handed!.old).filter((column) => column !== 'id')).toEqual([]);
      expect(malloryFeed.get(`reader=eq.${mallory.id}`)).toHaveLength(1);
      expect(JSON.stringify([...malloryFeed.values()])).not.toMatch(/Draft|alice wrote/);

      // Handed back: Mallory is sent nothing, Alice is not told what Mallory made of it.
      await sql`update ${sql(`public.${TABLE}`)}
                set reader = ${alice.id}, title = 'Returned' where id = ${secret.id}`;
      const [back] = await eventually(() => aliceFeed.get('')![0] && aliceFeed.get('')!);
      expect(back!.new).toMatchObject({ reader: alice.id, title: 'Returned' });
      expect(JSON.stringify(back!.old)).not.toContain('Handed over');
      const marker = await insertSecret(mallory.id, 'marker', '');
      await sql`update ${sql(`public.${TABLE}`)} set title = 'seen' where id = ${marker.id}`;
      await eventually(() => (malloryFeed.get('')!.length === 2 ? true : undefined));
      expect(malloryFeed.get('')!.map((change) => (change.new as Secret).title)).toEqual([
        'Handed over',
        'seen',
      ]);
      expect(aliceFeed.get('')).toHaveLength(1);
    },
  );
});
