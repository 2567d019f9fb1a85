import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  pgEnum,
  pgPolicy,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { authenticatedRole } from 'drizzle-orm/supabase';
import { isCaller } from '../../src/schema/access';
import { id, ownerId, timestamps } from '../../src/schema/columns';

/**
 * The legacy `"Todo"` table (docs/moving-an-existing-app.md, legacy-todo-app.sql) in this starter's style.
 * In a real project this file is `src/schema/todos.ts` (imports from `./access`, `./columns`),
 * exported from `src/schema/index.ts`.
 *
 * Prisma's `"userId"` (a text id of the app's own `"User"`) becomes `owner_id`, a Supabase
 * `auth.users` id. Ids become uuids; the old cuid stays in `legacy_id`, which makes the copy
 * repeatable and lets old links be redirected. The enum keeps its values, in lower case.
 */
/** @public drizzle-kit creates the enum type only when the schema module exports it. */
export const todoPriority = pgEnum('todo_priority', ['low', 'medium', 'high']);

export const todos = pgTable(
  'todos',
  {
    id: id(),
    ownerId: ownerId(),
    legacyId: text('legacy_id').unique(),
    title: text('title').notNull(),
    done: boolean('done').notNull().default(false),
    priority: todoPriority('priority').notNull().default('medium'),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    // Every policy filters on owner_id; lists are newest first.
    index('todos_owner_created_idx').on(t.ownerId, t.createdAt.desc()),
    check('todos_title_length', sql`char_length(${t.title}) between 1 and 500`),
    pgPolicy('todos_select_own', {
      for: 'select',
      to: authenticatedRole,
      using: isCaller(t.ownerId),
    }),
    // legacy_id is for migrated rows only, so users cannot claim (or probe) an old id.
    pgPolicy('todos_insert_own', {
      for: 'insert',
      to: authenticatedRole,
      withCheck: sql`${isCaller(t.ownerId)} and ${t.legacyId} is null`,
    }),
    pgPolicy('todos_update_own', {
      for: 'update',
      to: authenticatedRole,
      using: isCaller(t.ownerId),
      withCheck: isCaller(t.ownerId),
    }),
    pgPolicy('todos_delete_own', {
      for: 'delete',
      to: authenticatedRole,
      using: isCaller(t.ownerId),
    }),
  ],
);
