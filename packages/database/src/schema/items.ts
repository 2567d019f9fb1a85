import { sql } from 'drizzle-orm';
import { boolean, check, index, pgPolicy, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { authenticatedRole } from 'drizzle-orm/supabase';
import { isCaller, isOrgAdmin, isOrgMember } from './access';
import { id, ownerId, timestamps } from './columns';
import { organizations } from './organizations';

/**
 * The sample resource a product replaces with its own. Private to its owner, or shared with the
 * members of `org_id`. Owners edit their items; org admins and owners also edit the org's items.
 * Changes are published to Supabase Realtime (REPLICA IDENTITY FULL so org filters match deletes).
 */
export const items = pgTable(
  'items',
  {
    id: id(),
    ownerId: ownerId(),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    done: boolean('done').notNull().default(false),
    ...timestamps(),
  },
  (t) => {
    const canEdit = sql`${isCaller(t.ownerId)} or ${isOrgAdmin(t.orgId)}`;
    const orgIsOurs = sql`${t.orgId} is null or ${isOrgMember(t.orgId)}`;
    return [
      // The origin guide's RLS indexes, plus the one the org policy and org listing use.
      index('idx_items_owner_created').on(t.ownerId, t.createdAt.desc()),
      index('idx_items_owner_title').on(t.ownerId, t.title),
      index('idx_items_org_created').on(t.orgId, t.createdAt.desc()),
      check('items_title_length', sql`char_length(${t.title}) between 1 and 200`),
      check('items_body_length', sql`char_length(${t.body}) <= 10000`),
      pgPolicy('items_select_owner_or_org_member', {
        for: 'select',
        to: authenticatedRole,
        using: sql`${isCaller(t.ownerId)} or ${isOrgMember(t.orgId)}`,
      }),
      pgPolicy('items_insert_own', {
        for: 'insert',
        to: authenticatedRole,
        withCheck: sql`${isCaller(t.ownerId)} and (${orgIsOurs})`,
      }),
      pgPolicy('items_update_owner_or_org_admin', {
        for: 'update',
        to: authenticatedRole,
        using: canEdit,
        withCheck: sql`(${canEdit}) and (${orgIsOurs})`,
      }),
      pgPolicy('items_delete_owner_or_org_admin', {
        for: 'delete',
        to: authenticatedRole,
        using: canEdit,
      }),
    ];
  },
);
