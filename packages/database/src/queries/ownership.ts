import { eq } from 'drizzle-orm';
import type { Tx } from '../client';
import { organizations } from '../schema';
import { getMemberRole, updateMemberRole } from './memberships';

export type OwnershipTransfer =
  /** The target is an owner and the caller an admin now. */
  | 'transferred'
  /** RLS hides the org from the caller, or the caller is a plain member (no update rights). */
  | 'org_not_changeable'
  /** The caller is not (or, after a concurrent transfer, no longer) an owner. */
  | 'not_owner'
  /** The target is not a member of the org. */
  | 'not_a_member';

/**
 * Hands the caller's ownership of an org to another member; the caller stays on as admin.
 * RLS decides every step: locking the org needs update rights on it (admins, owners); making
 * someone an owner needs the caller to be an owner (memberships' update policy). The org row lock
 * comes first so two transfers of one org run one after the other: the second sees the first's
 * outcome, finds the caller no longer an owner and is refused, leaving exactly one new owner.
 * (The `memberships_keep_an_owner` trigger takes the same lock, so the order never deadlocks.)
 */
export async function transferOwnership(
  tx: Tx,
  orgId: string,
  callerId: string,
  newOwnerId: string,
): Promise<OwnershipTransfer> {
  const locked = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .for('update');
  if (locked.length === 0) return 'org_not_changeable';
  // Read after the lock, so a transfer that committed meanwhile is seen. The policy would refuse
  // the grant anyway (42501); asking first gives the caller a precise answer.
  if ((await getMemberRole(tx, orgId, callerId)) !== 'owner') return 'not_owner';
  if (!(await updateMemberRole(tx, orgId, newOwnerId, 'owner'))) return 'not_a_member';
  await updateMemberRole(tx, orgId, callerId, 'admin');
  return 'transferred';
}
