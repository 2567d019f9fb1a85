import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../client';
import { invitations, type MemberRole } from '../schema';

export type Invitation = Omit<typeof invitations.$inferSelect, 'tokenHash'>;

const invitationColumns = {
  id: invitations.id,
  orgId: invitations.orgId,
  email: invitations.email,
  role: invitations.role,
  invitedBy: invitations.invitedBy,
  expiresAt: invitations.expiresAt,
  acceptedAt: invitations.acceptedAt,
  createdAt: invitations.createdAt,
  updatedAt: invitations.updatedAt,
};

/** Open (not yet accepted) invitations of an org, newest first. Admins and owners only (RLS). */
export async function listInvitations(tx: Tx, orgId: string): Promise<Invitation[]> {
  return tx
    .select(invitationColumns)
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt)))
    .orderBy(desc(invitations.createdAt));
}

export interface CreatedInvitation {
  invitation: Invitation;
  /** Sent to the invitee once; only its hash is stored. */
  token: string;
}

export async function createInvitation(
  tx: Tx,
  input: { orgId: string; email: string; role: Exclude<MemberRole, 'owner'> },
): Promise<CreatedInvitation> {
  const token = randomBytes(32).toString('base64url');
  const [invitation] = await tx
    .insert(invitations)
    .values({
      orgId: input.orgId,
      email: input.email.trim().toLowerCase(),
      role: input.role,
      tokenHash: hashInvitationToken(token),
    })
    .returning(invitationColumns);
  // The email is queued in this transaction and sent by the job worker after COMMIT.
  await tx.execute(sql`select private.enqueue_invitation_email(${invitation!.id}, ${token})`);
  return { invitation: invitation!, token };
}

/**
 * Draws one invitation from the caller's and the org's quota in the current window (see
 * private.take_invitation_quota). Returns 0 when allowed, otherwise the seconds to wait. Call it
 * in the inviting transaction, so that a refused or failed invitation does not count.
 */
export async function takeInvitationQuota(
  tx: Tx,
  orgId: string,
  limits: { perUser: number; perOrg: number; windowSeconds: number },
): Promise<number> {
  const [row] = await tx.execute<{ wait: number }>(
    sql`select private.take_invitation_quota(${orgId}, ${limits.perUser}, ${limits.perOrg}, ${limits.windowSeconds}) as wait`,
  );
  return row!.wait;
}

export async function revokeInvitation(tx: Tx, orgId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** Joins the invitation's org as the caller; returns the org id. See private.accept_invitation. */
export async function acceptInvitation(tx: Tx, token: string): Promise<string> {
  const [row] = await tx.execute<{ org_id: string }>(
    sql`select private.accept_invitation(${token}) as org_id`,
  );
  return row!.org_id;
}

/** Same hash as private.accept_invitation computes: hex SHA-256 of the UTF-8 token. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
