import type { RealtimeChannel } from '@supabase/supabase-js';

/** What supabase-js reports on a channel's `system` binding. */
export interface SystemMessage {
  extension: string;
  status: string;
  message: string;
  channel: string;
}

/**
 * Subscribes and resolves once the channel is SUBSCRIBED and, when it has postgres_changes
 * bindings, once the server confirms the subscription ("Subscribed to PostgreSQL"): only then
 * are later commits guaranteed to reach it, on Supabase as here.
 */
export function subscribe(channel: RealtimeChannel): Promise<SystemMessage[]> {
  const system: SystemMessage[] = [];
  const expectsChanges = (channel.bindings.postgres_changes?.length ?? 0) > 0;
  return new Promise((resolve, reject) => {
    let joined = false;
    const settle = () => {
      if (!joined) return;
      const confirmation = system.find((message) => message.extension === 'postgres_changes');
      if (!expectsChanges) resolve(system);
      else if (confirmation?.status === 'ok') resolve(system);
      else if (confirmation) reject(new Error(confirmation.message));
    };
    channel.on('system', {}, (message: SystemMessage) => {
      system.push(message);
      settle();
    });
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') {
        joined = true;
        settle();
      } else if (status !== 'CLOSED') {
        reject(error ?? new Error(status));
      }
    });
  });
}

/** Polls until `probe` returns something other than undefined. */
export async function eventually<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for a realtime event');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Gives the server time to deliver what a test asserts did NOT arrive. */
export function settle(ms = 400): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
