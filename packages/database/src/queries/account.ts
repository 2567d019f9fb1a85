import { sql } from 'drizzle-orm';
import type { Tx } from '../client';

/** An org the caller must hand over (make someone else an owner) before deleting their account. */
interface OrgToHandOver {
  id: string;
  name: string;
}

export type DeleteAccountResult =
  | { outcome: 'deleted' }
  | { outcome: 'confirmation_required' }
  | { outcome: 'not_found' }
  | { outcome: 'sole_owner'; organizations: OrgToHandOver[] };

/**
 * Deletes the caller's account when `confirmation` is their email, in the caller's transaction:
 * orgs they are alone in go with it; orgs they own alone with other members block it. See
 * private.delete_account (migrations/0004_tenancy_follows_membership.sql).
 */
export async function deleteAccount(tx: Tx, confirmation: string): Promise<DeleteAccountResult> {
  const [row] = await tx.execute<{ result: DeleteAccountResult }>(
    sql`select private.delete_account(${confirmation}) as result`,
  );
  return row!.result;
}
