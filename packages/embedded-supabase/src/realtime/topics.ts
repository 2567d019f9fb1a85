/** A joined channel as the topic registry sees it. */
export interface TopicMember {
  /** Scoped by privacy: Realtime keeps a public and a private channel of one name apart. */
  readonly topicKey: string;
}

export function topicKey(name: string, isPrivate: boolean): string {
  return `${isPrivate ? 'private' : 'public'}:${name}`;
}

/** The joined channels of each topic, for broadcast and presence fan-out. */
export class Topics<Member extends TopicMember> {
  private readonly members = new Map<string, Set<Member>>();

  add(member: Member): void {
    const members = this.members.get(member.topicKey) ?? new Set<Member>();
    members.add(member);
    this.members.set(member.topicKey, members);
  }

  remove(member: Member): void {
    const members = this.members.get(member.topicKey);
    members?.delete(member);
    if (members?.size === 0) this.members.delete(member.topicKey);
  }

  of(key: string): ReadonlySet<Member> {
    return this.members.get(key) ?? new Set();
  }
}
