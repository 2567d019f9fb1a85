import { and, eq } from 'drizzle-orm';
import type { Tx } from '../client';
import { memberships } from '../schema';
import { getMemberRole, updateMemberRole } from './memberships';

export type OwnershipTransfer =
  /** The target is an owner and the caller an admin now. */
  | 'transferred'
  /** The caller is not a member, or a plain one (no update rights on their own membership). */
  | 'org_not_changeable'
  /** The caller is not (or, after a concurrent transfer, no longer) an owner. */
  | 'not_owner'
  /** The target is not a member of the org. */
  | 'not_a_member';

/**
 * Hands the caller's ownership of an org to another member; the caller stays on as admin.
 * RLS decides every step: locking the caller's own membership needs update rights on it (admins
 * and owners), making someone an owner needs the caller to be an owner (memberships' update
 * policy). The caller's row is locked first, so two transfers by one owner run one after the
 * other: the second sees the first's outcome, finds the caller no longer an owner and is refused,
 * leaving exactly one new owner. Rows are locked before the org row (which the
 * `memberships_keep_an_owner` trigger locks when the caller is demoted), the order every other
 * membership change takes, so a transfer cannot deadlock with a concurrent removal or demotion.
 */
export async function transferOwnership(
  tx: Tx,
  orgId: string,
  callerId: string,
  newOwnerId: string,
): Promise<OwnershipTransfer> {
  const locked = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, callerId)))
    .for('update');
  if (locked.length === 0) return 'org_not_changeable';
  // Read after the lock, so a transfer that committed meanwhile is seen. The policy would refuse
  // the grant anyway (42501); asking first gives the caller a precise answer.
  if ((await getMemberRole(tx, orgId, callerId)) !== 'owner') return 'not_owner';
  if (!(await updateMemberRole(tx, orgId, newOwnerId, 'owner'))) return 'not_a_member';
  await updateMemberRole(tx, orgId, callerId, 'admin');
  return 'transferred';
}
