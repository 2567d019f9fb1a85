import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js';
import type postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { eventually, settle, subscribe } from '../../src/realtime/testing/channels';
import { realtimeSuite } from './clients';

// Live updates follow membership: Realtime checks each change against the subscriber's RLS at the
// time of the change, so a member removed while their tab is open stops receiving the org's rows.

type Item = { id: string; owner_id: string; org_id: string | null; title: string };
type Change = RealtimePostgresChangesPayload<Item>;

const suite = realtimeSuite({ appSchema: true });

const member = (tag: string) => suite.signedInUser(tag);

/** Every INSERT and UPDATE of the org's items that reaches `client`, as "EVENT title". */
async function watchOrg(client: SupabaseClient, orgId: string) {
  const seen: string[] = [];
  const channel = client
    .channel(`org-${orgId}-${crypto.randomUUID()}`)
    .on(
      'postgres_changes',
      { event: '*', schema: 'public', table: 'items', filter: `org_id=eq.${orgId}` },
      (change: Change) => {
        if (change.eventType !== 'DELETE') seen.push(`${change.eventType} ${change.new.title}`);
      },
    );
  await subscribe(channel);
  return seen;
}

/** Runs `statement` as `userId` under RLS, the way the API does (claims + role, local). */
function asUser(userId: string, statement: (tx: postgres.TransactionSql) => Promise<unknown>) {
  return suite.sql.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: userId, role: 'authenticated' })}, true),
                    set_config('role', 'authenticated', true)`;
    return statement(tx);
  });
}

const has = (seen: string[], entry: string) => (seen.includes(entry) ? true : undefined);

describe('postgres_changes after a member is removed', () => {
  it('stops sending the org’s inserts and updates to the removed member’s open subscription', async () => {
    const owner = await member('rt-owner');
    const removed = await member('rt-removed');
    const [org] = await suite.sql<{ id: string }[]>`
      insert into public.organizations (name, slug) values ('Live', ${`live-${Date.now()}`})
      returning id`;
    const orgId = org!.id;
    await suite.sql`insert into public.memberships (org_id, user_id, role)
              values (${orgId}, ${owner.id}, 'owner'), (${orgId}, ${removed.id}, 'member')`;
    const ownerSees = await watchOrg(owner.client, orgId);
    const removedSees = await watchOrg(removed.client, orgId);

    // While a member: both receive the org's rows, including the member's own.
    const [own] = await suite.sql<{ id: string }[]>`
      insert into public.items (owner_id, org_id, title) values (${removed.id}, ${orgId}, 'by member')
      returning id`;
    await eventually(() => has(removedSees, 'INSERT by member'));
    await eventually(() => has(ownerSees, 'INSERT by member'));

    const removal = await asUser(
      owner.id,
      (tx) => tx`
      delete from public.memberships where org_id = ${orgId} and user_id = ${removed.id}
      returning user_id`,
    );
    expect(removal).toHaveLength(1);

    await suite.sql`insert into public.items (owner_id, org_id, title) values (${owner.id}, ${orgId}, 'after removal')`;
    await suite.sql`update public.items set title = 'edited after removal' where id = ${own!.id}`;
    await eventually(() => has(ownerSees, 'UPDATE edited after removal'));
    await settle();
    expect(ownerSees).toEqual([
      'INSERT by member',
      'INSERT after removal',
      'UPDATE edited after removal',
    ]);
    expect(removedSees).toEqual(['INSERT by member']);
  });
});
