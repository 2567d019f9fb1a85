import { describe, expect } from 'vitest';
import { createItem, deleteItem, updateItem } from '../queries';
import type { JwtClaims, TestDatabase } from '../testing';
import { rlsTest as test } from '../testing/fixtures';

/**
 * Realtime Authorization's two questions, asked the way Supabase Realtime asks them: probe rows
 * are inserted as the superuser, then, as the user with the topic set, can they be selected
 * (receive) and can a row be inserted (send)? Everything rolls back.
 */
async function mayUseTopic(
  t: TestDatabase,
  claims: JwtClaims,
  topic: string,
): Promise<{ receive: boolean; presence: boolean; broadcast: boolean }> {
  let answer = { receive: false, presence: false, broadcast: false };
  await t.sql
    .begin(async (tx) => {
      const [probe] = await tx<{ id: string }[]>`
        insert into realtime.messages (topic, extension) values (${topic}, 'broadcast') returning id`;
      await tx`select set_config('role', ${claims.role as string}, true),
        set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
        set_config('realtime.topic', ${topic}, true)`;
      const seen = await tx`select id from realtime.messages where id = ${probe!.id}`;
      const mayInsert = async (extension: string) => {
        try {
          await tx.savepoint(
            (sp) => sp`
            insert into realtime.messages (topic, extension) values (${topic}, ${extension})`,
          );
          return true;
        } catch {
          return false;
        }
      };
      answer = {
        receive: seen.length === 1,
        presence: await mayInsert('presence'),
        broadcast: await mayInsert('broadcast'),
      };
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return answer;
}

class Rollback extends Error {}

const messagesOn = (t: TestDatabase, topic: string) =>
  t.sql<{ event: string; payload: { record: unknown; old_record: unknown; operation: string } }[]>`
    select event, payload from realtime.messages where topic = ${topic} order by inserted_at, id`;

describe('realtime.messages policies (private channels)', () => {
  test('org topic: members receive and may track presence; nobody else', async ({ t, w }) => {
    const topic = `org:${w.orgId}`;
    for (const user of [w.alice, w.bob, w.carol]) {
      expect(await mayUseTopic(t, user.claims, topic)).toEqual({
        receive: true,
        presence: true,
        broadcast: false,
      });
    }
    expect(await mayUseTopic(t, w.dave.claims, topic)).toEqual({
      receive: false,
      presence: false,
      broadcast: false,
    });
    expect((await mayUseTopic(t, w.anon, topic)).receive).toBe(false);
  });

  test('a removed member loses the org topic at once and is told on their user topic', async ({
    t,
    w,
  }) => {
    await t.sql`delete from memberships where user_id = ${w.carol.id}`;
    expect((await mayUseTopic(t, w.carol.claims, `org:${w.orgId}`)).receive).toBe(false);
    const [told] = await messagesOn(t, `user:${w.carol.id}`);
    expect(told).toMatchObject({ event: 'membership_ended', payload: { org_id: w.orgId } });
  });

  test('user topic: only that user', async ({ t, w }) => {
    expect((await mayUseTopic(t, w.alice.claims, `user:${w.alice.id}`)).receive).toBe(true);
    expect((await mayUseTopic(t, w.bob.claims, `user:${w.alice.id}`)).receive).toBe(false);
  });

  test('guessed and malformed topics are refused, never an error', async ({ t, w }) => {
    for (const topic of [
      `org:${w.orgId.toUpperCase()}`,
      `org:${w.orgId} `,
      `org:${w.orgId}x`,
      `user:${w.alice.id}:x`,
      'org:',
      'org:not-a-uuid',
      `ORG:${w.orgId}`,
      '',
    ]) {
      expect((await mayUseTopic(t, w.alice.claims, topic)).receive, topic).toBe(false);
    }
  });
});

describe('items broadcast their changes to the topic of their audience', () => {
  test('insert, update and delete of an org item reach org:<id>; the old record is the key only', async ({
    t,
    w,
  }) => {
    const topic = `org:${w.orgId}`;
    const item = await t.db.rls(w.bob.claims, (tx) =>
      createItem(tx, { title: 'live', orgId: w.orgId }),
    );
    await t.db.rls(w.bob.claims, (tx) => updateItem(tx, item.id, { title: 'renamed' }));
    await t.db.rls(w.bob.claims, (tx) => deleteItem(tx, item.id));
    const messages = (await messagesOn(t, topic)).filter(
      (m) =>
        (m.payload.record as { id?: string } | null)?.id === item.id ||
        (m.payload.old_record as { id?: string } | null)?.id === item.id,
    );
    expect(messages.map((m) => m.event)).toEqual(['INSERT', 'UPDATE', 'DELETE']);
    expect(messages[0]!.payload).toMatchObject({
      operation: 'INSERT',
      record: { id: item.id, title: 'live', org_id: w.orgId },
      old_record: null,
    });
    expect(messages[1]!.payload.record).toMatchObject({ title: 'renamed' });
    for (const message of messages.slice(1)) {
      const old = message.payload.old_record as Record<string, unknown>;
      expect(Object.entries(old).filter(([, value]) => value !== null)).toEqual([['id', item.id]]);
    }
    expect(messages[2]!.payload.record).toBeNull();
  });

  test('a personal item goes to user:<owner> only', async ({ t, w }) => {
    const item = await t.db.rls(w.dave.claims, (tx) => createItem(tx, { title: 'mine' }));
    const message = (await messagesOn(t, `user:${w.dave.id}`)).at(-1);
    expect(message).toMatchObject({ event: 'INSERT', payload: { record: { id: item.id } } });
    const orgMessages = await messagesOn(t, `org:${w.orgId}`);
    expect(orgMessages.filter((m) => JSON.stringify(m.payload).includes(item.id))).toEqual([]);
  });

  test('moving an item: the old topic gets a key-only DELETE, the new one the row', async ({
    t,
    w,
  }) => {
    await t.db.rls(w.alice.claims, (tx) =>
      updateItem(tx, w.alicePersonalItemId, { orgId: w.orgId }),
    );
    // The world's own inserts came first.
    const left = (await messagesOn(t, `user:${w.alice.id}`)).at(-1);
    const arrived = (await messagesOn(t, `org:${w.orgId}`)).at(-1);
    expect(left).toMatchObject({ event: 'DELETE', payload: { record: null } });
    expect((left!.payload.old_record as { title: unknown }).title).toBeNull();
    expect(arrived).toMatchObject({
      event: 'INSERT',
      payload: { record: { id: w.alicePersonalItemId, title: 'alice personal' }, old_record: null },
    });
  });

  test('users cannot call the trigger function or send broadcasts themselves', async ({ t, w }) => {
    await expect(
      t.sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true),
          set_config('request.jwt.claims', ${JSON.stringify(w.alice.claims)}, true)`;
        await tx`insert into realtime.messages (topic, extension, event, payload)
          values (${`org:${w.orgId}`}, 'broadcast', 'DELETE', '{}')`;
      }),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
