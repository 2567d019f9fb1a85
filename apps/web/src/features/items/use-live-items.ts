'use client';

import type { RealtimeChannel, RealtimeClient } from '@supabase/realtime-js';
import { useEffect, useEffectEvent, useState } from 'react';
import { usePublicConfig } from '@/components/public-config';
import { realtimeClient } from '@/lib/supabase/realtime-client';
import type { ItemsEvent } from './items-state';
import { type ItemsBroadcast, itemsEventOf } from './realtime-events';
import type { ItemScope } from './types';

/** A channel of a topic that is still being left; the next join of that topic waits for it. */
const leaving = new Map<string, Promise<unknown>>();

/**
 * Feeds changes to `public.items` into the board from Broadcast on private channels: the items
 * trigger broadcasts each change to `org:<orgId>` (an org's items) or `user:<userId>` (personal
 * ones), and Realtime lets this user join only the topics the policies on `realtime.messages`
 * allow (decision 030). A change that takes a row away from a topic arrives there as a DELETE
 * with the id only.
 *
 * The user topic also says when this user is removed from an org (`membership_ended`): an org
 * board then leaves the org's channel at once and stops being live.
 *
 * Live means the join was accepted: broadcasts committed from then on arrive. At that moment (and
 * after every rejoin, e.g. a reconnect) `onLive` runs, so the board can catch up on what changed
 * while it was not joined.
 */
export function useLiveItems(
  scope: ItemScope,
  onEvent: (event: ItemsEvent) => void,
  onLive: () => void,
): boolean {
  const config = usePublicConfig();
  const [live, setLive] = useState(false);
  const emit = useEffectEvent(onEvent);
  const caughtUp = useEffectEvent(onLive);
  const orgId = scope.kind === 'org' ? scope.orgId : null;
  const userId = scope.userId;

  useEffect(() => {
    const channels: { realtime: RealtimeClient; channel: RealtimeChannel }[] = [];
    const left = new Set<RealtimeChannel>();
    let closed = false;
    const forward = (message: { payload: ItemsBroadcast }) => {
      const event = itemsEventOf(message.payload);
      if (event) emit(event);
    };
    const join = async (realtime: RealtimeClient, topic: string) => {
      await leaving.get(topic);
      if (closed) return null;
      const channel = realtime.channel(topic, { config: { private: true } });
      channels.push({ realtime, channel });
      return channel;
    };
    const leave = (entry: { realtime: RealtimeClient; channel: RealtimeChannel }) => {
      if (left.has(entry.channel)) return;
      left.add(entry.channel);
      const removal = entry.realtime.removeChannel(entry.channel);
      leaving.set(entry.channel.subTopic, removal);
    };
    const whenJoined = (status: string) => {
      setLive(status === 'SUBSCRIBED');
      if (status === 'SUBSCRIBED') caughtUp();
    };

    void realtimeClient(config, userId).then(async (realtime) => {
      const own = await join(realtime, `user:${userId}`);
      if (!own) return;
      if (!orgId) {
        own.on('broadcast', { event: '*' }, forward).subscribe(whenJoined);
        return;
      }
      const org = await join(realtime, `org:${orgId}`);
      if (!org) return;
      own
        .on('broadcast', { event: 'membership_ended' }, ({ payload }) => {
          if ((payload as { org_id?: string }).org_id !== orgId) return;
          // Removed from this org: leave its channel now (Realtime closes it too on the next token).
          const entry = channels.find((candidate) => candidate.channel === org);
          if (entry) leave(entry);
          setLive(false);
        })
        .subscribe();
      org.on('broadcast', { event: '*' }, forward).subscribe(whenJoined);
    });
    return () => {
      closed = true;
      setLive(false);
      for (const entry of channels) leave(entry);
    };
  }, [config, orgId, userId]);

  return live;
}
