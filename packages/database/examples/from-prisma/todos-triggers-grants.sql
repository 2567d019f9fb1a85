-- docs/migrating.md, step 4: what todos.ts cannot express, as the body of a custom migration
-- (`pnpm db:generate --custom --name=todos_triggers_grants`). It runs on every database, fresh
-- ones included, so it touches only the new table: the legacy data moves in separate steps.

-- Prisma's @updatedAt was set by the Prisma client; here the database keeps updated_at, for every
-- writer (migrations/0002_triggers_grants_realtime.sql defines the function).
create trigger set_updated_at before update on public.todos
  for each row execute function private.set_updated_at();
--> statement-breakpoint

-- Supabase grants ALL on new public tables to anon and authenticated. anon gets nothing; nobody
-- truncates (TRUNCATE ignores RLS); users update only the columns they own (docs/decisions/005).
revoke all on public.todos from anon;
--> statement-breakpoint
revoke truncate, references, trigger, update on public.todos from authenticated;
--> statement-breakpoint
grant update (title, done, priority, due_at) on public.todos to authenticated;
