import { sql } from 'drizzle-orm';
import { boolean, check, index, pgPolicy, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { authenticatedRole } from 'drizzle-orm/supabase';
import { isCaller, isOrgAdmin, isOrgMember } from './access';
import { id, ownerId, timestamps } from './columns';
import { organizations } from './organizations';

/**
 * The sample resource a product replaces with its own. A personal item (`org_id` null) is its
 * owner's alone. An org item belongs to the org: only current members see it; its author edits it
 * while still a member, org admins and owners edit all of the org's items. Access follows
 * membership, so leaving, removal or demotion take effect on the next statement.
 * Moving (changing `org_id`) needs edit rights where the item is (the update's USING, on the old
 * row) and a place where it lands (WITH CHECK, on the new row): an org the caller belongs to, or
 * the author's own personal list. See docs/decisions/013-org-items-follow-membership.md.
 * Changes are published to Supabase Realtime with the default replica identity: a delete carries
 * the primary key only, so nothing else about a deleted row reaches any subscriber.
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
    // Who sees an item, and so where a caller may put one: the owner's personal list, or an org
    // the caller belongs to now.
    const canSee = sql`(${t.orgId} is null and ${isCaller(t.ownerId)}) or ${isOrgMember(t.orgId)}`;
    // The author while still a member (or of a personal item), or an admin/owner of the org.
    const canEdit = sql`(${isCaller(t.ownerId)} and (${t.orgId} is null or ${isOrgMember(t.orgId)})) or ${isOrgAdmin(t.orgId)}`;
    return [
      // Indexes on the columns the policies and the list filter and sort by (Supabase's RLS advice:
      // https://supabase.com/docs/guides/database/postgres/row-level-security#add-indexes).
      index('idx_items_owner_created').on(t.ownerId, t.createdAt.desc()),
      index('idx_items_owner_title').on(t.ownerId, t.title),
      index('idx_items_org_created').on(t.orgId, t.createdAt.desc()),
      check('items_title_length', sql`char_length(${t.title}) between 1 and 200`),
      check('items_body_length', sql`char_length(${t.body}) <= 10000`),
      pgPolicy('items_select_owner_or_org_member', {
        for: 'select',
        to: authenticatedRole,
        using: canSee,
      }),
      pgPolicy('items_insert_own', {
        for: 'insert',
        to: authenticatedRole,
        withCheck: sql`${isCaller(t.ownerId)} and (${canSee})`,
      }),
      // USING sees the row as it is (rights where the item is now), WITH CHECK the row as it will
      // be (somewhere the caller may put it): a move out of one org into another needs both.
      pgPolicy('items_update_owner_or_org_admin', {
        for: 'update',
        to: authenticatedRole,
        using: canEdit,
        withCheck: canSee,
      }),
      pgPolicy('items_delete_owner_or_org_admin', {
        for: 'delete',
        to: authenticatedRole,
        using: canEdit,
      }),
    ];
  },
);
