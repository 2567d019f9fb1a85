import { sql } from 'drizzle-orm';
import {
  check,
  index,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { authenticatedRole, authUsers } from 'drizzle-orm/supabase';
import { currentUserId, isOrgAdmin } from './access';
import { id, timestamps } from './columns';
import { memberRole } from './memberships';
import { organizations } from './organizations';

/**
 * Invitations to join an org, by email. Only the SHA-256 of the token is stored; the token itself
 * travels once, in the email. Admins and owners create, list and revoke them; the invitee never
 * reads this table, they present the token to private.accept_invitation().
 */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: memberRole('role').notNull().default('member'),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by')
      .default(sql`auth.uid()`)
      .references(() => authUsers.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now() + interval '7 days'`),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    // One open invitation per address and org; accepted ones stay as history.
    uniqueIndex('invitations_pending_email_key')
      .on(t.orgId, t.email)
      .where(sql`${t.acceptedAt} is null`),
    index('invitations_org_created_idx').on(t.orgId, t.createdAt.desc()),
    check(
      'invitations_email_normalized',
      sql`${t.email} = lower(${t.email}) and ${t.email} like '%_@_%'`,
    ),
    check('invitations_role_not_owner', sql`${t.role} <> 'owner'`),
    pgPolicy('invitations_select_admin', {
      for: 'select',
      to: authenticatedRole,
      using: isOrgAdmin(t.orgId),
    }),
    pgPolicy('invitations_insert_admin', {
      for: 'insert',
      to: authenticatedRole,
      withCheck: sql`${isOrgAdmin(t.orgId)} and ${t.invitedBy} = ${currentUserId}`,
    }),
    pgPolicy('invitations_delete_admin', {
      for: 'delete',
      to: authenticatedRole,
      using: isOrgAdmin(t.orgId),
    }),
  ],
);
