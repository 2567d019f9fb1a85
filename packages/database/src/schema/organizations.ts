import { sql } from 'drizzle-orm';
import { check, pgPolicy, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { authenticatedRole } from 'drizzle-orm/supabase';
import { currentUserId, hasRequiredAal, isOrgAdmin, isOrgMember, isOrgOwner } from './access';
import { id, timestamps } from './columns';

/**
 * Teams/workspaces. Any signed-in user may create one; the `on_organization_created` trigger makes
 * the creator its owner in the same transaction. Members read it, admins rename it, owners delete it.
 */
export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('organizations_slug_key').on(t.slug),
    check('organizations_name_length', sql`char_length(${t.name}) between 1 and 80`),
    check('organizations_slug_format', sql`${t.slug} ~ '^[a-z0-9](?:[a-z0-9-]{1,46})[a-z0-9]$'`),
    pgPolicy('organizations_select_member', {
      for: 'select',
      to: authenticatedRole,
      using: isOrgMember(t.id),
    }),
    pgPolicy('organizations_insert_signed_in', {
      for: 'insert',
      to: authenticatedRole,
      withCheck: sql`${currentUserId} is not null`,
    }),
    pgPolicy('organizations_update_admin', {
      for: 'update',
      to: authenticatedRole,
      using: isOrgAdmin(t.id),
      withCheck: isOrgAdmin(t.id),
    }),
    pgPolicy('organizations_delete_owner', {
      for: 'delete',
      to: authenticatedRole,
      using: isOrgOwner(t.id),
    }),
    pgPolicy('organizations_delete_requires_aal2', {
      as: 'restrictive',
      for: 'delete',
      to: authenticatedRole,
      using: hasRequiredAal,
    }),
  ],
);
