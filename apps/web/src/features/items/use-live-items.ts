'use client';

import type { RealtimeChannel, RealtimePostgresChangesPayload } from '@supabase/realtime-js';
import { useEffect, useEffectEvent, useState } from 'react';
import { usePublicConfig } from '@/components/public-config';
import { realtimeClient } from '@/lib/supabase/realtime-client';
import type { ItemsEvent } from './items-state';
import { type ItemRow, itemsEventOf } from './realtime-events';
import type { ItemScope } from './types';

/**
 * Feeds changes to `public.items` from Supabase Realtime into the board. Realtime checks each new
 * row against RLS as this user, so only rows they may see arrive; the filter narrows inserts and
 * updates to this board. A deleted row cannot be checked: its event carries only the `id`, and a
 * filter on any other column never matches it, so deletes come on a binding of their own without
 * a filter, and the board drops the id if it shows it (and ignores the others).
 *
 * Live means Realtime confirmed the Postgres subscription (its "Subscribed to PostgreSQL" system
 * message, which comes after the join reply): only from then on are changes sure to arrive. At that
 * moment `onLive` runs, so the board can catch up on what changed since the server rendered it.
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
  const filter = scope.kind === 'org' ? `org_id=eq.${scope.orgId}` : `owner_id=eq.${scope.userId}`;

  useEffect(() => {
    let stop: (() => void) | undefined;
    let closed = false;
    const forward = (payload: RealtimePostgresChangesPayload<ItemRow>) => {
      const event = itemsEventOf(payload);
      if (event) emit(event);
    };
    void realtimeClient(config, scope.userId).then((realtime) => {
      if (closed) return;
      // A topic of its own per subscription: realtime-js hands back an existing channel with the
      // same topic, which may be the one a previous run of this effect is still leaving.
      const channel: RealtimeChannel = realtime
        .channel(`items:${filter}:${crypto.randomUUID()}`)
        .on<ItemRow>(
          'postgres_changes',
          { event: 'INSERT', schema: 'public', table: 'items', filter },
          forward,
        )
        .on<ItemRow>(
          'postgres_changes',
          { event: 'UPDATE', schema: 'public', table: 'items', filter },
          forward,
        )
        .on<ItemRow>(
          'postgres_changes',
          { event: 'DELETE', schema: 'public', table: 'items' },
          forward,
        )
        .on('system', {}, (message: { extension?: string; status?: string }) => {
          if (message.extension !== 'postgres_changes') return;
          setLive(message.status === 'ok');
          if (message.status === 'ok') caughtUp();
        })
        .subscribe((status) => {
          if (status !== 'SUBSCRIBED') setLive(false);
        });
      stop = () => void realtime.removeChannel(channel);
    });
    return () => {
      closed = true;
      setLive(false);
      stop?.();
    };
  }, [config, filter, scope.userId]);

  return live;
}
