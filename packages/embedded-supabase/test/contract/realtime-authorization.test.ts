import type { RealtimeChannel, Session, SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  eventually,
  type SystemMessage,
  settle,
  subscribe,
} from '../../src/realtime/testing/channels';
import { realtimeSuite, userClient } from './clients';

// Realtime Authorization with the app's policies (migration 0007): private channels `org:<id>`
// and `user:<id>`, fed by the items trigger through realtime.broadcast_changes().

type Broadcast = { event: string; payload: Record<string, unknown> };

const suite = realtimeSuite({ appSchema: true });

const user = (tag: string) => suite.signedInUser(tag);

async function orgWith(...members: { id: string }[]) {
  const [org] = await suite.sql<{ id: string }[]>`
    insert into public.organizations (name, slug) values ('Live', ${`live-${crypto.randomUUID()}`})
    returning id`;
  for (const [index, member] of members.entries()) {
    await suite.sql`insert into public.memberships (org_id, user_id, role)
      values (${org!.id}, ${member.id}, ${index === 0 ? 'owner' : 'member'})`;
  }
  return org!.id;
}

/** Joins a private channel and records its broadcasts and system messages. */
async function listen(client: SupabaseClient, topic: string, presence = false) {
  const received: Broadcast[] = [];
  const system: SystemMessage[] = [];
  const channel = client
    .channel(topic, { config: { private: true } })
    .on('broadcast', { event: '*' }, (message: Broadcast) => received.push(message))
    .on('system', {}, (message: SystemMessage) => system.push(message));
  if (presence) channel.on('presence', { event: 'sync' }, () => {});
  await subscribe(channel);
  return { channel, received, system };
}

/**
 * A refreshed access token that differs from `session`'s: one issued within the same second would
 * be the same string (same claims, same iat), and an unchanged token is not pushed to channels.
 */
async function newToken(client: SupabaseClient, session: Session): Promise<string> {
  const issuedAt = decodeJwt(session.access_token).iat ?? 0;
  await arrives(() => (Date.now() / 1000 >= issuedAt + 1 ? true : undefined));
  const { data, error } = await client.auth.refreshSession();
  if (error) throw error;
  expect(data.session!.access_token).not.toBe(session.access_token);
  return data.session!.access_token;
}

function joinError(channel: RealtimeChannel): Promise<string> {
  return new Promise((resolve) => {
    channel.subscribe((status, error) => {
      if (status === 'CHANNEL_ERROR') resolve(error?.message ?? status);
    });
  });
}

/** Generous: the machine running the suite may be loaded; each wait ends as soon as it holds. */
const arrives = <T>(probe: () => T | undefined) => eventually(probe, 20_000);

const titled = (received: Broadcast[], title: string, event = 'INSERT') =>
  received.find(
    (message) =>
      message.event === event && (message.payload.record as { title?: string })?.title === title,
  );

describe('private channels decided by the policies on realtime.messages', () => {
  it('a member joins org:<id> and receives an item created through the Data API as a broadcast', async () => {
    const owner = await user('rta-owner');
    const member = await user('rta-member');
    const orgId = await orgWith(owner, member);
    const feed = await listen(member.client, `org:${orgId}`);

    const { data, error } = await owner.client
      .from('items')
      .insert({ title: 'broadcast me', org_id: orgId })
      .select()
      .single();
    expect(error).toBeNull();
    const message = await arrives(() => titled(feed.received, 'broadcast me'));
    expect(message.payload).toMatchObject({
      operation: 'INSERT',
      schema: 'public',
      table: 'items',
      record: { id: data!.id, org_id: orgId, owner_id: owner.id },
      old_record: null,
    });

    // A delete tells the id and nothing else of the row.
    await owner.client.from('items').delete().eq('id', data!.id);
    const deleted = await arrives(() =>
      feed.received.find(
        (m) => m.event === 'DELETE' && (m.payload.old_record as { id: string })?.id === data!.id,
      ),
    );
    expect(deleted.payload.record).toBeNull();
    expect((deleted.payload.old_record as { title: unknown }).title).toBeNull();
  });

  it('refuses a non-member, a guessed user topic and a malformed one with a join error', async () => {
    const owner = await user('rta-owner2');
    const outsider = await user('rta-outsider');
    const orgId = await orgWith(owner);
    for (const topic of [
      `org:${orgId}`,
      `user:${owner.id}`,
      `org:${orgId.toUpperCase()}`,
      'org:*',
    ]) {
      const channel = outsider.client.channel(topic, { config: { private: true } });
      expect(await joinError(channel)).toBe(
        `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
      );
      await outsider.client.removeChannel(channel);
    }
  });

  it('refuses a topic with a NUL and an expired token', async () => {
    const someone = await user('rta-nul');
    const nul = someone.client.channel(`user:${someone.id}\u0000`, { config: { private: true } });
    expect(await joinError(nul)).toMatch(/^Unauthorized: /);
    await someone.client.removeChannel(nul);

    const expired = await new SignJWT({ role: 'authenticated', sub: someone.id })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 30)
      .sign(new TextEncoder().encode(suite.target.jwtSecret));
    const client = userClient(suite.target);
    suite.clients.push(client);
    await client.realtime.setAuth(expired);
    const channel = client.channel(`user:${someone.id}`, { config: { private: true } });
    expect(await joinError(channel)).toMatch(/^InvalidJWTToken: Token has expired/);
  });

  it('private:false on a private topic is another channel: it never gets the broadcasts', async () => {
    const owner = await user('rta-owner3');
    const outsider = await user('rta-public');
    const orgId = await orgWith(owner);
    const feed = await listen(owner.client, `org:${orgId}`);
    const snooped: Broadcast[] = [];
    const publicChannel = outsider.client
      .channel(`org:${orgId}`, { config: { private: false } })
      .on('broadcast', { event: '*' }, (message: Broadcast) => snooped.push(message));
    await subscribe(publicChannel);

    await suite.sql`insert into public.items (owner_id, org_id, title) values (${owner.id}, ${orgId}, 'private only')`;
    await arrives(() => titled(feed.received, 'private only'));
    await settle();
    expect(snooped).toEqual([]);
  });

  it('only that user joins user:<id>, and gets their personal items', async () => {
    const me = await user('rta-me');
    const feed = await listen(me.client, `user:${me.id}`);
    await me.client.from('items').insert({ title: 'just mine' });
    await arrives(() => titled(feed.received, 'just mine'));
  });

  it('sending a broadcast needs an INSERT policy; presence is allowed to members', async () => {
    const owner = await user('rta-owner4');
    const member = await user('rta-member4');
    const orgId = await orgWith(owner, member);
    const listener = await listen(owner.client, `org:${orgId}`, true);
    const sender = await listen(member.client, `org:${orgId}`);

    // A forged item event from a member is dropped: only the database broadcasts on org topics.
    await sender.channel.send({ type: 'broadcast', event: 'DELETE', payload: { forged: true } });
    expect(await sender.channel.track({ online: true })).toBe('ok');
    await arrives(() =>
      Object.keys(listener.channel.presenceState()).length > 0 ? true : undefined,
    );
    await settle();
    expect(listener.received.filter((m) => m.payload.forged)).toEqual([]);

    // Over HTTP the same: the member's private message is skipped, service_role's goes through.
    const post = (key: string, event: string) =>
      fetch(`${suite.target.url}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: {
          apikey: suite.target.anonKey,
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          messages: [{ topic: `org:${orgId}`, event, payload: { via: 'http' }, private: true }],
        }),
      });
    expect((await post(member.session.access_token, 'by-member')).status).toBe(202);
    expect((await post(suite.target.serviceRoleKey, 'by-service')).status).toBe(202);
    await arrives(() => listener.received.find((m) => m.event === 'by-service'));
    expect(listener.received.filter((m) => m.event === 'by-member')).toEqual([]);
  });
});

describe('a removed member', () => {
  it('is told at once on their user topic, and a new token closes the org channel', async () => {
    const owner = await user('rta-owner5');
    const removed = await user('rta-removed');
    const orgId = await orgWith(owner, removed);
    const orgFeed = await listen(removed.client, `org:${orgId}`);
    const ownFeed = await listen(removed.client, `user:${removed.id}`);
    await suite.sql`insert into public.items (owner_id, org_id, title) values (${owner.id}, ${orgId}, 'before')`;
    await arrives(() => titled(orgFeed.received, 'before'));

    await suite.sql`delete from public.memberships where org_id = ${orgId} and user_id = ${removed.id}`;
    const told = await arrives(() => ownFeed.received.find((m) => m.event === 'membership_ended'));
    expect(told.payload).toMatchObject({ org_id: orgId });

    // The token changes (a refresh): Realtime asks the policies again and closes the channel.
    await removed.client.realtime.setAuth(await newToken(removed.client, removed.session));
    const closed = await arrives(() => orgFeed.system.find((m) => m.status === 'error'));
    expect(closed.message).toBe(
      `You no longer have permission to read from this Channel topic: org:${orgId}`,
    );
    await suite.sql`insert into public.items (owner_id, org_id, title) values (${owner.id}, ${orgId}, 'after')`;
    await settle();
    expect(titled(orgFeed.received, 'after')).toBeUndefined();
    // Their own topic is still theirs.
    expect(ownFeed.system.filter((m) => m.status === 'error')).toEqual([]);
  });

  it('a token change keeps a member who is still allowed', async () => {
    const owner = await user('rta-owner6');
    const feed = await listen(owner.client, `user:${owner.id}`);
    await owner.client.realtime.setAuth(await newToken(owner.client, owner.session));
    await owner.client.from('items').insert({ title: 'after refresh' });
    await arrives(() => titled(feed.received, 'after refresh'));
    expect(feed.system.filter((m) => m.status === 'error')).toEqual([]);
  });
});
