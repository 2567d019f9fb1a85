import { sql } from 'drizzle-orm';
import type { Tx } from '../client';

/**
 * True when the caller has a verified second factor but their token is only aal1: what the
 * aal2 policies (organizations delete, memberships update) refuse, so the API can say why.
 */
export async function needsSecondFactor(tx: Tx): Promise<boolean> {
  const [row] = await tx.execute<{ refused: boolean }>(
    sql`select not private.has_required_aal() as refused`,
  );
  return row?.refused === true;
}
