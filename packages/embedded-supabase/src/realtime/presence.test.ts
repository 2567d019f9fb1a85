import { describe, expect, it } from 'vitest';
import { Presence } from './presence';

const member = (presenceKey: string, topicKey = 'public:room') => ({ topicKey, presenceKey });

describe('Presence', () => {
  it('joins, updates with phx_ref_prev, ignores identical re-tracks and leaves', () => {
    const presence = new Presence<ReturnType<typeof member>>();
    const alice = member('alice');
    const joined = presence.track(alice, { status: 'online' })!;
    const ref = joined.joins.alice!.metas[0]!.phx_ref;
    expect(joined).toEqual({
      joins: { alice: { metas: [{ status: 'online', phx_ref: ref }] } },
      leaves: {},
    });

    expect(presence.track(alice, { status: 'online' })).toBeNull();

    const updated = presence.track(alice, { status: 'away' })!;
    const newRef = updated.joins.alice!.metas[0]!.phx_ref;
    expect(newRef).not.toBe(ref);
    expect(updated).toEqual({
      joins: { alice: { metas: [{ status: 'away', phx_ref: newRef, phx_ref_prev: ref }] } },
      leaves: { alice: { metas: [{ status: 'online', phx_ref: ref }] } },
    });

    expect(presence.untrack(alice)).toEqual({ joins: {}, leaves: updated.joins });
    expect(presence.untrack(alice)).toBeNull();
    expect(presence.state('public:room')).toEqual({});
  });

  it('groups the metas of one key across members, per topic', () => {
    const presence = new Presence<ReturnType<typeof member>>();
    presence.track(member('k'), { tab: 1 });
    presence.track(member('k'), { tab: 2 });
    presence.track(member('other', 'private:room'), { tab: 3 });
    const state = presence.state('public:room');
    expect(Object.keys(state)).toEqual(['k']);
    expect(state.k!.metas.map((meta) => meta.tab)).toEqual([1, 2]);
  });

  it('keeps keys such as __proto__ as plain keys', () => {
    const presence = new Presence<ReturnType<typeof member>>();
    presence.track(member('__proto__'), { a: 1 });
    expect(Object.keys(presence.state('public:room'))).toEqual(['__proto__']);
  });
});
