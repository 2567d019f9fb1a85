import { desc, eq } from 'drizzle-orm';
import type { Tx } from '../../src/client';
import { todos } from './todos';

/**
 * The legacy app's Prisma calls, rewritten as this starter's query functions (in a real project:
 * `src/queries/todos.ts`). Each takes the RLS transaction first and never receives the user's id
 * as a permission: `db.rls(claims, tx => …)` carries the user, and the policies decide.
 */
type Todo = typeof todos.$inferSelect;

const todoColumns = {
  id: todos.id,
  legacyId: todos.legacyId,
  title: todos.title,
  done: todos.done,
  priority: todos.priority,
  dueAt: todos.dueAt,
  createdAt: todos.createdAt,
  updatedAt: todos.updatedAt,
};

/**
 * Was: `prisma.todo.findMany({ where: { userId: session.user.id }, orderBy: { createdAt: 'desc' } })`.
 * The owner filter is there for the planner (todos_owner_created_idx); RLS is what enforces it.
 */
export async function listTodos(tx: Tx, input: { ownerId: string; limit: number }) {
  return tx
    .select(todoColumns)
    .from(todos)
    .where(eq(todos.ownerId, input.ownerId))
    .orderBy(desc(todos.createdAt), desc(todos.id))
    .limit(input.limit);
}

/** Old links carry the cuid: find the todo it became. Undefined when missing or not yours. */
export async function getTodoByLegacyId(tx: Tx, legacyId: string) {
  const [row] = await tx.select(todoColumns).from(todos).where(eq(todos.legacyId, legacyId));
  return row;
}

export interface CreateTodoInput {
  title: string;
  priority?: Todo['priority'];
  dueAt?: Date | null;
}

/** Was: `prisma.todo.create({ data: { …, userId: session.user.id } })`. owner_id defaults to auth.uid(). */
export async function createTodo(tx: Tx, input: CreateTodoInput) {
  const [row] = await tx
    .insert(todos)
    .values({ title: input.title, priority: input.priority, dueAt: input.dueAt ?? null })
    .returning(todoColumns);
  return row!;
}

export type UpdateTodoInput = Partial<Pick<Todo, 'title' | 'done' | 'priority' | 'dueAt'>>;

/**
 * Was: `prisma.todo.update({ where: { id, userId }, data })`. updated_at is set by the database.
 * Undefined when the todo does not exist or is not the caller's (RLS hides it).
 */
export async function updateTodo(tx: Tx, id: string, patch: UpdateTodoInput) {
  const [row] = await tx.update(todos).set(patch).where(eq(todos.id, id)).returning(todoColumns);
  return row;
}

/** Was: `prisma.todo.delete({ where: { id, userId } })`. False when nothing was deleted. */
export async function deleteTodo(tx: Tx, id: string) {
  const rows = await tx.delete(todos).where(eq(todos.id, id)).returning({ id: todos.id });
  return rows.length > 0;
}
