import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * SQL fragments the policies share. The membership helpers are STABLE SECURITY DEFINER functions
 * in the `private` schema (migrations/0000_private_helpers.sql): they read memberships without
 * recursing into its own policies, and `(select …)` makes each an InitPlan evaluated once per
 * statement instead of once per row.
 */

/** The caller's user id, evaluated once per statement. */
export const currentUserId = sql`(select auth.uid())`;

/** True when `column` is the caller's id. */
export const isCaller = (column: AnyPgColumn) => sql`${column} = ${currentUserId}`;

/** True when the org in `column` is one the caller belongs to (any role). */
export const isOrgMember = (column: AnyPgColumn) =>
  sql`${column} = any (array(select private.member_org_ids()))`;

/** True when the caller is an admin or owner of the org in `column`. */
export const isOrgAdmin = (column: AnyPgColumn) =>
  sql`${column} = any (array(select private.admin_org_ids()))`;

/** True when the caller is an owner of the org in `column`. */
export const isOrgOwner = (column: AnyPgColumn) =>
  sql`${column} = any (array(select private.owner_org_ids()))`;

/**
 * False only for a caller with a verified MFA factor whose token is not aal2 (Supabase's
 * documented pattern: the `aal` claim against auth.mfa_factors). For restrictive policies on
 * sensitive operations; users without a factor are unaffected. migrations/0006_mfa_aal2.sql.
 */
export const hasRequiredAal = sql`(select private.has_required_aal())`;
