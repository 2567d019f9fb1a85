import { sql } from 'drizzle-orm';
import { check, pgPolicy, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUsers } from 'drizzle-orm/supabase';
import { currentUserId, isCaller } from './access';
import { timestamps } from './columns';

/**
 * One row per user, created by the `on_auth_user_created` trigger when Supabase Auth inserts into
 * auth.users and deleted with it. Visible to the user and to people who share an org with them;
 * the user may change the display name and avatar only.
 */
export const profiles = pgTable(
  'profiles',
  {
    id: uuid('id')
      .primaryKey()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull().default(''),
    /** Copied from auth.users by trigger, so org peers can see who a member is. Read-only here. */
    email: text('email').notNull().default(''),
    avatarUrl: text('avatar_url'),
    ...timestamps(),
  },
  (t) => [
    check('profiles_display_name_length', sql`char_length(${t.displayName}) <= 80`),
    check(
      'profiles_avatar_url_http',
      sql`${t.avatarUrl} is null or ${t.avatarUrl} ~ '^https?://[^\\s]+$'`,
    ),
    pgPolicy('profiles_select_self_or_org_peer', {
      for: 'select',
      to: authenticatedRole,
      using: sql`${t.id} = ${currentUserId} or ${t.id} = any (array(select private.peer_user_ids()))`,
    }),
    pgPolicy('profiles_update_self', {
      for: 'update',
      to: authenticatedRole,
      using: isCaller(t.id),
      withCheck: isCaller(t.id),
    }),
  ],
);
