import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

/** Phoenix.Presence shapes (docs/supabase-compatibility.md §2.7): each key holds the metas of the members tracking it. */
type PresenceMeta = Record<string, unknown> & { phx_ref: string; phx_ref_prev?: string };
export type PresenceState = Record<string, { metas: PresenceMeta[] }>;
export interface PresenceDiff {
  joins: PresenceState;
  leaves: PresenceState;
}

export interface PresenceMember {
  readonly topicKey: string;
  readonly presenceKey: string;
}

interface Tracked {
  payload: Record<string, unknown>;
  meta: PresenceMeta;
}

/** Who tracks what under which key, per topic; each member (channel) tracks at most one meta. */
export class Presence<Member extends PresenceMember> {
  private readonly topics = new Map<string, Map<Member, Tracked>>();

  state(topicKey: string): PresenceState {
    const state = new Map<string, PresenceMeta[]>();
    for (const [member, { meta }] of this.topics.get(topicKey) ?? []) {
      state.set(member.presenceKey, [...(state.get(member.presenceKey) ?? []), meta]);
    }
    return Object.fromEntries([...state].map(([key, metas]) => [key, { metas }]));
  }

  /** null when nothing changed: re-tracking an identical payload is a no-op upstream. */
  track(member: Member, payload: Record<string, unknown>): PresenceDiff | null {
    const members = this.topics.get(member.topicKey) ?? new Map<Member, Tracked>();
    this.topics.set(member.topicKey, members);
    const previous = members.get(member);
    if (previous && isDeepStrictEqual(previous.payload, payload)) return null;

    const meta: PresenceMeta = { ...payload, phx_ref: newRef() };
    if (previous) meta.phx_ref_prev = previous.meta.phx_ref;
    members.set(member, { payload, meta });
    return {
      joins: entry(member.presenceKey, meta),
      leaves: previous ? entry(member.presenceKey, previous.meta) : {},
    };
  }

  untrack(member: Member): PresenceDiff | null {
    const members = this.topics.get(member.topicKey);
    const previous = members?.get(member);
    if (!members || !previous) return null;
    members.delete(member);
    if (members.size === 0) this.topics.delete(member.topicKey);
    return { joins: {}, leaves: entry(member.presenceKey, previous.meta) };
  }
}

function entry(key: string, meta: PresenceMeta): PresenceState {
  return Object.fromEntries([[key, { metas: [meta] }]]);
}

function newRef(): string {
  return randomBytes(12).toString('base64');
}
