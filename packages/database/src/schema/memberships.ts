import { sql } from 'drizzle-orm';
import { index, pgEnum, pgPolicy, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUsers } from 'drizzle-orm/supabase';
import { hasRequiredAal, isCaller, isOrgAdmin, isOrgMember, isOrgOwner } from './access';
import { timestamps } from './columns';
import { organizations } from './organizations';

export const memberRole = pgEnum('member_role', ['owner', 'admin', 'member']);
export type MemberRole = (typeof memberRole.enumValues)[number];

/**
 * Who belongs to which org, with what role. Rows are never inserted by users directly: the org
 * creation trigger adds the creator as owner, and private.accept_invitation() adds invitees.
 * Admins manage members and admins; only owners touch owner rows or grant ownership.
 * The `memberships_keep_an_owner` trigger stops the last owner from leaving or being demoted.
 * Changing a role takes a second factor from a caller who has one.
 */
export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull().default('member'),
    ...timestamps(),
  },
  (t) => {
    // An admin may manage a row unless it is (or would become) an owner's; owners manage all.
    const canManage = sql`${isOrgAdmin(t.orgId)} and (${t.role} <> 'owner' or ${isOrgOwner(t.orgId)})`;
    return [
      primaryKey({ name: 'memberships_pkey', columns: [t.orgId, t.userId] }),
      index('memberships_user_id_idx').on(t.userId),
      pgPolicy('memberships_select_member', {
        for: 'select',
        to: authenticatedRole,
        using: isOrgMember(t.orgId),
      }),
      pgPolicy('memberships_update_admin', {
        for: 'update',
        to: authenticatedRole,
        using: canManage,
        withCheck: canManage,
      }),
      pgPolicy('memberships_update_requires_aal2', {
        as: 'restrictive',
        for: 'update',
        to: authenticatedRole,
        using: hasRequiredAal,
        withCheck: hasRequiredAal,
      }),
      pgPolicy('memberships_delete_self_or_admin', {
        for: 'delete',
        to: authenticatedRole,
        using: sql`${isCaller(t.userId)} or (${canManage})`,
      }),
    ];
  },
);
