import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../client';
import { type MemberRole, memberships, profiles } from '../schema';

export interface Member {
  userId: string;
  role: MemberRole;
  displayName: string;
  email: string;
  avatarUrl: string | null;
  joinedAt: Date;
}

const memberColumns = {
  userId: memberships.userId,
  role: memberships.role,
  displayName: profiles.displayName,
  email: profiles.email,
  avatarUrl: profiles.avatarUrl,
  joinedAt: memberships.createdAt,
};

/** Owners first, then admins, then members (the enum's order), each by name. */
export async function listMembers(tx: Tx, orgId: string): Promise<Member[]> {
  return tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(profiles, eq(profiles.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.role), asc(profiles.displayName), asc(memberships.userId));
}

/** Undefined when there is no such member or the caller may not change their role. */
export async function updateMemberRole(
  tx: Tx,
  orgId: string,
  userId: string,
  role: MemberRole,
): Promise<MemberRole | undefined> {
  const [row] = await tx
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ role: memberships.role });
  return row?.role;
}

/** Leaving (userId = caller) or removing someone; false when RLS hides or forbids the row. */
export async function removeMember(tx: Tx, orgId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

/** One membership of an org, if the caller may see it (members see their org's memberships). */
export async function getMemberRole(
  tx: Tx,
  orgId: string,
  userId: string,
): Promise<MemberRole | undefined> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row?.role;
}
