import type {
  RealtimeChannel,
  RealtimePresenceJoinPayload,
  RealtimePresenceLeavePayload,
} from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { eventually, subscribe } from '../../src/realtime/testing/channels';
import { realtimeSuite, userClient } from './clients';

type Status = { user: string; status?: string };

const suite = realtimeSuite();

/** A member of `room` with presence key `key`, recording sync/join/leave events. */
async function member(room: string, key: string) {
  const client = userClient(suite.target);
  suite.clients.push(client);
  const joins: RealtimePresenceJoinPayload<Status>[] = [];
  const leaves: RealtimePresenceLeavePayload<Status>[] = [];
  let syncs = 0;
  const channel: RealtimeChannel = client
    .channel(room, { config: { presence: { key } } })
    .on('presence', { event: 'sync' }, () => {
      syncs++;
    })
    .on('presence', { event: 'join' }, (payload: RealtimePresenceJoinPayload<Status>) =>
      joins.push(payload),
    )
    .on('presence', { event: 'leave' }, (payload: RealtimePresenceLeavePayload<Status>) =>
      leaves.push(payload),
    );
  await subscribe(channel);
  return { client, channel, joins, leaves, syncs: () => syncs };
}

const users = (state: Record<string, Status[]>) =>
  Object.fromEntries(
    Object.entries(state).map(([key, metas]) => [key, metas.map((meta) => meta.user)]),
  );

describe('presence', () => {
  it('syncs the state on join and reports joins and leaves across clients', async () => {
    const ada = await member('lobby', 'ada');
    expect(await ada.channel.track({ user: 'ada' })).toBe('ok');
    await eventually(() => (ada.channel.presenceState().ada ? true : undefined));

    const bob = await member('lobby', 'bob');
    // The state pushed after join already holds ada.
    await eventually(() => (bob.channel.presenceState().ada ? true : undefined));
    expect(bob.syncs()).toBeGreaterThan(0);

    await bob.channel.track({ user: 'bob' });
    const joined = await eventually(() => ada.joins.find((join) => join.key === 'bob'));
    expect(joined.newPresences).toEqual([{ user: 'bob', presence_ref: expect.any(String) }]);
    await eventually(() =>
      Object.keys(bob.channel.presenceState()).length === 2 ? true : undefined,
    );
    expect(users(ada.channel.presenceState<Status>())).toEqual({ ada: ['ada'], bob: ['bob'] });
    expect(users(bob.channel.presenceState<Status>())).toEqual({ ada: ['ada'], bob: ['bob'] });

    await bob.channel.untrack();
    const left = await eventually(() => ada.leaves.find((leave) => leave.key === 'bob'));
    expect(left.leftPresences).toEqual([
      { user: 'bob', presence_ref: joined.newPresences[0]!.presence_ref },
    ]);
    expect(users(ada.channel.presenceState<Status>())).toEqual({ ada: ['ada'] });
  });

  it('replaces a meta when a member tracks a different payload', async () => {
    const ada = await member('updates', 'ada');
    const bob = await member('updates', 'bob');
    await bob.channel.track({ user: 'bob', status: 'online' });
    await eventually(() => ada.joins.find((join) => join.key === 'bob'));
    await bob.channel.track({ user: 'bob', status: 'away' });
    await eventually(() => ada.leaves.find((leave) => leave.key === 'bob'));
    expect(ada.channel.presenceState<Status>().bob).toEqual([
      { user: 'bob', status: 'away', presence_ref: expect.any(String) },
    ]);
  });

  it('reports a leave when a member disconnects or leaves the channel', async () => {
    const ada = await member('goodbyes', 'ada');
    const gone = await member('goodbyes', 'gone');
    const leaving = await member('goodbyes', 'leaving');
    await gone.channel.track({ user: 'gone' });
    await leaving.channel.track({ user: 'leaving' });
    await eventually(() =>
      Object.keys(ada.channel.presenceState()).length === 2 ? true : undefined,
    );

    await gone.client.realtime.disconnect();
    await eventually(() => ada.leaves.find((leave) => leave.key === 'gone'));
    expect(await leaving.channel.unsubscribe()).toBe('ok');
    await eventually(() => ada.leaves.find((leave) => leave.key === 'leaving'));
    expect(ada.channel.presenceState()).toEqual({});
  });
});
