import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql as drizzleSql, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { defaultMigrationsFolder } from '../../src/assets';
import type { JwtClaims } from '../../src/claims';
import { applyMigrations } from '../../src/migrator/apply';
import { migrationStatus } from '../../src/migrator/status';
import {
  anonClaims,
  claimsFor,
  createTestDatabase,
  expectSqlState,
  type TestDatabase,
  withDatabase,
} from '../../src/testing';
import { createTodo, deleteTodo, getTodoByLegacyId, listTodos, updateTodo } from './todo-queries';
import { todos } from './todos';

// The worked example of docs/moving-an-existing-app.md, end to end: a Prisma todo app's database is restored
// next to the starter's schema, introspected with drizzle-kit, converted, migrated through
// drizzle-kit's journal, its rows copied to their owners' Supabase users, and RLS then decides who
// sees what. The tests run in order; each step builds on the previous one, as in the guide.

const here = dirname(fileURLToPath(import.meta.url));
const step = (file: string) => readFileSync(join(here, file), 'utf8');
const drizzleKit = join(dirname(createRequire(import.meta.url).resolve('drizzle-kit')), 'bin.cjs');
const PERMISSION_DENIED = '42501';
const UNDEFINED_FUNCTION = '42883';

/** `psql --single-transaction -f file`: the whole file in one transaction, as one simple query. */
async function runFile(sql: postgres.Sql, file: string) {
  await sql.begin((tx) => tx.unsafe(step(file)).simple());
}

/** The drizzle-kit CLI as a reader runs it; rejects with its output when it fails. */
async function runDrizzleKit(cwd: string, args: string[], env: Record<string, string> = {}) {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [drizzleKit, ...args], {
    cwd,
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return stdout + stderr;
}

interface SupabaseUser {
  id: string;
  email: string;
  claims: JwtClaims;
}

/** The auth.users row `supabase.auth.admin.createUser({ email, email_confirm: true })` creates. */
async function createSupabaseUser(sql: postgres.Sql, email: string): Promise<SupabaseUser> {
  const id = randomUUID();
  await sql`
    insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at,
                            raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated',
            ${email.toLowerCase()}, now(), ${sql.json({ provider: 'email', providers: ['email'] })},
            ${sql.json({})}, now(), now())`;
  return { id, email, claims: claimsFor(id, email.toLowerCase()) };
}

const legacyIds = {
  adaUser: 'cm7ada00000000000000ada01',
  adaFirstTodo: 'cm7todo0000000000000ada01',
  graceUser: 'cm7grace000000000000grc02',
  graceTodo: 'cm7todo000000000000grc001',
  linusUser: 'cm7linus000000000000lns03',
  linusTodo: 'cm7todo0000000000000lns01',
};
const LEGACY_TODOS = 253;

const serverUrl = inject('testPostgresUrl');
const root = postgres(serverUrl, { max: 1, onnotice: () => {} });
const legacyDatabase = `legacy_app_${randomBytes(4).toString('hex')}`;
/** The legacy app's own database: what drizzle-kit pull reads. */
let legacy: postgres.Sql;
/** The Supabase project's database: the starter's migrations, then the restored legacy tables. */
let t: TestDatabase;
let work: string;
let ada: SupabaseUser;
let grace: SupabaseUser;
let linus: SupabaseUser;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'migrating-test-'));
  await root.unsafe(`create database ${legacyDatabase}`);
  legacy = postgres(withDatabase(serverUrl, legacyDatabase), { max: 1, onnotice: () => {} });
  await runFile(legacy, 'legacy-todo-app.sql');

  t = await createTestDatabase();
  // What `pg_dump … | psql "$DATABASE_URL"` leaves in the Supabase database.
  await runFile(t.sql, 'legacy-todo-app.sql');
});

afterAll(async () => {
  await Promise.all([t?.drop(), legacy?.end()]);
  await root.unsafe(`drop database if exists ${legacyDatabase} with (force)`);
  await root.end();
  rmSync(work, { recursive: true, force: true });
});

// Each drizzle-kit run starts a CLI that loads the whole schema: 20 s or more on a loaded machine.
describe('a Prisma todo app onto the starter', { timeout: 120_000 }, () => {
  test('drizzle-kit pull turns the legacy database into Drizzle tables', async () => {
    const folder = join(work, 'pull');
    mkdirSync(folder);
    copyFileSync(join(here, 'drizzle.legacy.config.ts'), join(folder, 'drizzle.legacy.config.ts'));
    await runDrizzleKit(folder, ['pull', '--config', 'drizzle.legacy.config.ts'], {
      LEGACY_DATABASE_URL: withDatabase(serverUrl, legacyDatabase),
    });

    const schema = readFileSync(join(folder, 'legacy-pull', 'schema.ts'), 'utf8');
    expect(schema).toContain(
      `export const priority = pgEnum("Priority", ['LOW', 'MEDIUM', 'HIGH'])`,
    );
    expect(schema).toContain('export const user = pgTable("User", {');
    expect(schema).toContain('export const todo = pgTable("Todo", {');
    expect(schema).toContain('id: text().primaryKey().notNull(),');
    expect(schema).toContain('userId: text().notNull(),');
    expect(schema).toContain("priority: priority().default('MEDIUM').notNull(),");
    // Prisma's DateTime: timestamp(3) without time zone; @updatedAt has no database default.
    expect(schema).toContain("dueAt: timestamp({ precision: 3, mode: 'string' }),");
    expect(schema).toContain("updatedAt: timestamp({ precision: 3, mode: 'string' }).notNull(),");
    expect(schema).toMatch(
      /foreignKey\(\{\s*columns: \[table\.userId\],\s*foreignColumns: \[user\.id\],\s*name: "Todo_userId_fkey"\s*\}\)\.onUpdate\("cascade"\)\.onDelete\("cascade"\)/,
    );
    expect(schema).toContain('index("Todo_userId_idx")');
    expect(schema).not.toContain('_prisma_migrations');

    const relations = readFileSync(join(folder, 'legacy-pull', 'relations.ts'), 'utf8');
    expect(relations).toContain('todos: many(todo)');
  });

  test('restored legacy tables are open to anon until they are locked down', async () => {
    const countLegacyTodos = (claims: JwtClaims) =>
      t.db.rls(claims, (tx) => tx.execute(drizzleSql`select count(*)::int as n from "Todo"`));
    // Supabase's default grants, without RLS: the Data API would serve every row to anyone.
    expect((await countLegacyTodos(anonClaims))[0]).toEqual({ n: LEGACY_TODOS });

    await runFile(t.sql, 'lock-down-legacy.sql');

    const someone = claimsFor(randomUUID(), 'someone@example.com');
    await expectSqlState(countLegacyTodos(anonClaims), PERMISSION_DENIED);
    await expectSqlState(countLegacyTodos(someone), PERMISSION_DENIED);
  });

  test('drizzle-kit generates the todos migration; the custom one carries trigger and grants', async () => {
    const folder = join(work, 'generate');
    const migrations = join(folder, 'migrations');
    cpSync(defaultMigrationsFolder, migrations, { recursive: true });
    // The starter's own migrations; ours come next in the journal.
    const shipped = (
      JSON.parse(readFileSync(join(migrations, 'meta', '_journal.json'), 'utf8')) as {
        entries: unknown[];
      }
    ).entries.length;
    const tableTag = `${String(shipped).padStart(4, '0')}_todos`;
    const customTag = `${String(shipped + 1).padStart(4, '0')}_todos_triggers_grants`;
    // The project's drizzle.config.ts, with todos.ts added to the schema and a copy of migrations/.
    writeFileSync(
      join(folder, 'drizzle.config.ts'),
      `export default ${JSON.stringify({
        dialect: 'postgresql',
        schema: [join(here, '..', '..', 'src', 'schema', 'index.ts'), join(here, 'todos.ts')],
        out: './migrations',
        schemaFilter: ['public'],
        entities: { roles: { provider: 'supabase' } },
        migrations: { schema: 'drizzle', table: '__drizzle_migrations' },
        strict: true,
      })};\n`,
    );

    await runDrizzleKit(folder, ['generate', '--config', 'drizzle.config.ts', '--name', 'todos']);
    const generated = readFileSync(join(migrations, `${tableTag}.sql`), 'utf8');
    // Only the new table: the starter's snapshots already describe everything else.
    expect(
      generated.match(/CREATE TABLE "\w+"/g),
      'src/schema/ and migrations/ disagree: run pnpm db:generate',
    ).toEqual(['CREATE TABLE "todos"']);
    expect(generated).toContain(
      `CREATE TYPE "public"."todo_priority" AS ENUM('low', 'medium', 'high')`,
    );
    expect(generated).toContain('"owner_id" uuid DEFAULT auth.uid() NOT NULL');
    expect(generated).toContain('ALTER TABLE "todos" ENABLE ROW LEVEL SECURITY');
    expect(generated).toContain(
      'FOREIGN KEY ("owner_id") REFERENCES "auth"."users"("id") ON DELETE cascade',
    );
    expect(generated).toContain(
      'CREATE INDEX "todos_owner_created_idx" ON "todos" USING btree ("owner_id","created_at" DESC NULLS LAST)',
    );
    expect(generated).toContain(
      'CREATE POLICY "todos_select_own" ON "todos" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("todos"."owner_id" = (select auth.uid()))',
    );
    expect(
      generated.match(
        /CREATE POLICY "todos_\w+" ON "todos" AS PERMISSIVE FOR \w+ TO "authenticated"/g,
      ),
    ).toHaveLength(4);

    const custom = [
      'generate',
      '--config',
      'drizzle.config.ts',
      '--custom',
      '--name',
      'todos_triggers_grants',
    ];
    await runDrizzleKit(folder, custom);
    appendFileSync(join(migrations, `${customTag}.sql`), step('todos-triggers-grants.sql'));
    // The journal and the schema now agree.
    expect(await runDrizzleKit(folder, ['generate', '--config', 'drizzle.config.ts'])).toContain(
      'No schema changes',
    );

    // `pnpm db:migrate` on the Supabase database: only the two new migrations are pending.
    const result = await applyMigrations(t.sql, migrations);
    expect(result.before.pending).toEqual([tableTag, customTag]);
    expect(result.after).toMatchObject({ upToDate: true, applied: shipped + 2, unknown: 0 });
    const [trigger] = await t.sql`
      select count(*)::int as n from pg_trigger where tgrelid = 'public.todos'::regclass and tgname = 'set_updated_at'`;
    expect(trigger?.n).toBe(1);
  });

  test('the user map refuses while a legacy owner has no Supabase user, and leaves nothing behind', async () => {
    // Ada signed up as Ada@Example.com; Supabase Auth keeps emails in lower case.
    ada = await createSupabaseUser(t.sql, 'Ada@Example.com');
    grace = await createSupabaseUser(t.sql, 'grace@example.com');

    await expect(runFile(t.sql, 'map-users.sql')).rejects.toThrow(
      'legacy users without a Supabase user: linus@example.com',
    );
    const [map] = await t.sql`select to_regclass('legacy.user_map') is null as absent`;
    expect(map?.absent).toBe(true);
  });

  test('once every owner has a Supabase user, each legacy user maps to the one with their email', async () => {
    linus = await createSupabaseUser(t.sql, 'linus@example.com');
    await runFile(t.sql, 'map-users.sql');
    await runFile(t.sql, 'map-users.sql'); // safe to repeat

    const rows = await t.sql<{ legacy_id: string; user_id: string }[]>`
      select legacy_id, user_id from legacy.user_map order by legacy_id`;
    expect(rows).toEqual([
      { legacy_id: legacyIds.adaUser, user_id: ada.id },
      { legacy_id: legacyIds.graceUser, user_id: grace.id },
      { legacy_id: legacyIds.linusUser, user_id: linus.id },
    ]);
  });

  test('the copy commits in batches, converts enums and UTC times, and is safe to repeat', async () => {
    await runFile(t.sql, 'copy-todos.sql');
    // Prisma stored UTC without a zone; a session in another zone must not shift the times.
    const connection = await t.sql.reserve();
    try {
      await connection`set timezone = 'America/New_York'`;
      await connection`call legacy.copy_todos(100)`;
      await connection`call legacy.copy_todos(100)`;
    } finally {
      await connection`reset timezone`;
      connection.release();
    }

    const [copied] = await t.sql`
      select count(*)::int as n, count(distinct xmin::text)::int as transactions
      from public.todos where legacy_id is not null`;
    // 253 rows in batches of 100: three transactions; the second call found nothing to copy.
    expect(copied).toEqual({ n: LEGACY_TODOS, transactions: 3 });

    const owners = await t.sql<{ owner_id: string; n: number }[]>`
      select owner_id, count(*)::int as n from public.todos group by owner_id order by n`;
    expect(owners).toEqual([
      { owner_id: linus.id, n: 1 },
      { owner_id: ada.id, n: 2 },
      { owner_id: grace.id, n: 250 },
    ]);

    const [first] = await t.sql`
      select owner_id, title, done, priority, due_at, created_at, updated_at
      from public.todos where legacy_id = ${legacyIds.adaFirstTodo}`;
    expect(first).toEqual({
      owner_id: ada.id,
      title: 'Write the first program',
      done: true,
      priority: 'high',
      due_at: new Date('2025-03-10T09:30:00Z'),
      created_at: new Date('2025-03-02T08:05:00.123Z'),
      updated_at: new Date('2025-03-09T17:00:00.456Z'),
    });

    await runFile(t.sql, 'verify-copy.sql');
  });

  test('verification catches a legacy write after the copy; deleting that copy and copying again fixes it', async () => {
    await t.sql`update public."Todo" set title = 'Release 0.02' where id = ${legacyIds.linusTodo}`;
    await expect(runFile(t.sql, 'verify-copy.sql')).rejects.toThrow(
      'copy does not match: 253 legacy todos, 253 with an owner, 1 missing or changed, 1 not in legacy',
    );

    await t.sql`delete from public.todos where legacy_id = ${legacyIds.linusTodo}`;
    await t.sql`call legacy.copy_todos(100)`;
    await runFile(t.sql, 'verify-copy.sql');
  });

  test('through db.rls(), each user reads exactly their own migrated todos', async () => {
    const adaTodos = await t.db.rls(ada.claims, (tx) =>
      listTodos(tx, { ownerId: ada.id, limit: 500 }),
    );
    expect(adaTodos.map((todo) => todo.title)).toEqual([
      'Describe the Analytical Engine',
      'Write the first program',
    ]);
    const graceTodos = await t.db.rls(grace.claims, (tx) =>
      listTodos(tx, { ownerId: grace.id, limit: 500 }),
    );
    expect(graceTodos).toHaveLength(250);

    // Asking for someone else's rows returns none, with or without a filter.
    expect(
      await t.db.rls(ada.claims, (tx) => listTodos(tx, { ownerId: grace.id, limit: 500 })),
    ).toEqual([]);
    const linusSees = await t.db.rls(linus.claims, (tx) =>
      tx.select({ legacyId: todos.legacyId }).from(todos),
    );
    expect(linusSees).toEqual([{ legacyId: legacyIds.linusTodo }]);

    // Old links still resolve, for their owner only.
    expect(
      await t.db.rls(grace.claims, (tx) => getTodoByLegacyId(tx, legacyIds.graceTodo)),
    ).toMatchObject({ title: 'Grace task 1' });
    expect(
      await t.db.rls(ada.claims, (tx) => getTodoByLegacyId(tx, legacyIds.graceTodo)),
    ).toBeUndefined();
  });

  test('through db.rls(), nobody changes, deletes or claims another user’s todos', async () => {
    const [linusTodo] = await t.sql<{ id: string }[]>`
      select id from public.todos where legacy_id = ${legacyIds.linusTodo}`;
    const linusTodoId = linusTodo!.id;

    expect(
      await t.db.rls(ada.claims, (tx) => updateTodo(tx, linusTodoId, { title: 'mine now' })),
    ).toBeUndefined();
    expect(await t.db.rls(ada.claims, (tx) => deleteTodo(tx, linusTodoId))).toBe(false);
    const [unchanged] =
      await t.sql`select title, owner_id from public.todos where id = ${linusTodoId}`;
    expect(unchanged).toEqual({ title: 'Release 0.02', owner_id: linus.id });

    // Writing rows as someone else, moving a row to someone else, claiming a legacy id: refused.
    await expectSqlState(
      t.db.rls(ada.claims, (tx) => tx.insert(todos).values({ ownerId: linus.id, title: 'spoof' })),
      PERMISSION_DENIED,
    );
    const [adaTodo] = await t.sql<{ id: string }[]>`
      select id from public.todos where legacy_id = ${legacyIds.adaFirstTodo}`;
    await expectSqlState(
      t.db.rls(ada.claims, (tx) =>
        tx.update(todos).set({ ownerId: linus.id }).where(eq(todos.id, adaTodo!.id)),
      ),
      PERMISSION_DENIED,
    );
    await expectSqlState(
      t.db.rls(ada.claims, (tx) =>
        tx.insert(todos).values({ title: 'old id', legacyId: legacyIds.linusTodo }),
      ),
      PERMISSION_DENIED,
    );
  });

  test('owners keep working on migrated todos; the database now keeps updated_at', async () => {
    const [adaTodo] = await t.sql<{ id: string }[]>`
      select id from public.todos where legacy_id = ${legacyIds.adaFirstTodo}`;
    const updated = await t.db.rls(ada.claims, (tx) =>
      updateTodo(tx, adaTodo!.id, { done: false, priority: 'low' }),
    );
    expect(updated).toMatchObject({
      done: false,
      priority: 'low',
      legacyId: legacyIds.adaFirstTodo,
    });
    expect(updated!.updatedAt.getTime()).toBeGreaterThan(Date.parse('2025-03-09T17:00:00.456Z'));
    expect(updated!.createdAt).toEqual(new Date('2025-03-02T08:05:00.123Z'));

    const created = await t.db.rls(ada.claims, (tx) =>
      createTodo(tx, { title: 'New since the move' }),
    );
    expect(created).toMatchObject({ legacyId: null, priority: 'medium', done: false });
    const [owner] = await t.sql`select owner_id from public.todos where id = ${created.id}`;
    expect(owner?.owner_id).toBe(ada.id);

    expect(await t.db.rls(ada.claims, (tx) => deleteTodo(tx, created.id))).toBe(true);
  });

  test('anon can neither read nor write migrated todos', async () => {
    await expectSqlState(
      t.db.rls(anonClaims, (tx) => tx.select().from(todos)),
      PERMISSION_DENIED,
    );
    await expectSqlState(
      t.db.rls(anonClaims, (tx) => tx.insert(todos).values({ title: 'anonymous' })),
      PERMISSION_DENIED,
    );
  });

  test('retiring moves the legacy tables out of public, keeps them, and ends the copy', async () => {
    await runFile(t.sql, 'retire-legacy.sql');

    const [moved] = await t.sql`
      select to_regclass('public."Todo"') is null and to_regclass('public."User"') is null
               and to_regclass('public._prisma_migrations') is null as gone,
             (select count(*)::int from legacy."Todo") as todos,
             (select count(*)::int from legacy."User") as users,
             (select migration_name from legacy._prisma_migrations) as prisma_migration`;
    expect(moved).toEqual({
      gone: true,
      todos: LEGACY_TODOS,
      users: 4,
      prisma_migration: '20250301120000_init',
    });
    await expectSqlState(t.sql`call legacy.copy_todos(100)`, UNDEFINED_FUNCTION);
    await expectSqlState(
      t.db.rls(ada.claims, (tx) => tx.execute(drizzleSql`select * from legacy."Todo"`)),
      PERMISSION_DENIED,
    );

    // Later, once nothing reads them: the migrated rows do not depend on the legacy schema.
    await t.sql`drop schema legacy cascade`;
    const [left] = await t.sql`select count(*)::int as n from public.todos`;
    expect(left?.n).toBe(LEGACY_TODOS);
  });
});

describe('a database an earlier Drizzle project migrated', () => {
  test('is refused until the old journal table is moved aside', async () => {
    const name = `drizzle_app_${randomBytes(4).toString('hex')}`;
    await root.unsafe(`create database ${name}`);
    const old = postgres(withDatabase(serverUrl, name), { max: 1, onnotice: () => {} });
    try {
      // What drizzle-kit migrate left behind: the same table the starter's migrations use.
      await old
        .unsafe(`
        create schema drizzle;
        create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint);
        insert into drizzle.__drizzle_migrations (hash, created_at) values ('3d1f…', 1717000000000), ('9a2c…', 1718000000000);
      `)
        .simple();
      await expect(applyMigrations(old)).rejects.toThrow(
        '2 applied migration(s) this code does not ship',
      );

      await old
        .unsafe(`
        create schema if not exists legacy;
        alter table drizzle.__drizzle_migrations set schema legacy;
      `)
        .simple();
      const status = await migrationStatus(old);
      expect(status).toMatchObject({ applied: 0, unknown: 0, modified: [] });
      expect(status.pending).toHaveLength(status.shipped);
    } finally {
      await old.end();
      await root.unsafe(`drop database if exists ${name} with (force)`);
    }
  });
});
