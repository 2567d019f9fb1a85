import { applyMigrations } from '@repo/database/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createConfirmedUser } from './clients';
import { getTarget, type Target } from './target';

// supabase.auth.admin.deleteUser() on a user who owns orgs, with the app's migrations applied:
// the on_auth_user_deleted trigger hands shared orgs over and deletes the ones they were alone in,
// so the deletion succeeds instead of tripping the keep-an-owner rule.

let target: Target;
let sql: postgres.Sql;
beforeAll(async () => {
  target = await getTarget();
  sql = postgres(target.dbUrl, { max: 2, onnotice: () => {} });
  await applyMigrations(sql);
});
afterAll(async () => {
  await sql.end();
  await target.stop();
});

async function orgWith(name: string, members: [string, 'owner' | 'admin' | 'member'][]) {
  const [org] = await sql<{ id: string }[]>`
    insert into public.organizations (name, slug) values (${name}, ${`${name}-${Date.now()}`})
    returning id`;
  let joined = 0;
  for (const [userId, role] of members) {
    // Later rows joined later: the hand-over goes to the longest-standing admin.
    await sql`insert into public.memberships (org_id, user_id, role, created_at)
              values (${org!.id}, ${userId}, ${role}, now() + ${`${joined++} minutes`}::interval)`;
  }
  return org!.id;
}

describe('admin deleteUser of an org owner', () => {
  it('promotes the longest-standing admin in shared orgs and deletes the orgs the user was alone in', async () => {
    const [owner, admin, laterAdmin, member] = await Promise.all(
      ['del-owner', 'del-admin', 'del-later-admin', 'del-member'].map((tag) =>
        createConfirmedUser(target, tag),
      ),
    );
    const shared = await orgWith('shared', [
      [owner!.id, 'owner'],
      [member!.id, 'member'],
      [admin!.id, 'admin'],
      [laterAdmin!.id, 'admin'],
    ]);
    const alone = await orgWith('alone', [[owner!.id, 'owner']]);
    await sql`insert into public.items (owner_id, org_id, title) values (${owner!.id}, ${alone}, 'solo')`;

    const { error } = await adminClient(target).auth.admin.deleteUser(owner!.id);
    expect(error).toBeNull();

    const roles = await sql<{ user_id: string; role: string }[]>`
      select user_id, role::text from public.memberships where org_id = ${shared} order by user_id`;
    expect(Object.fromEntries(roles.map((row) => [row.user_id, row.role]))).toEqual({
      [admin!.id]: 'owner',
      [laterAdmin!.id]: 'admin',
      [member!.id]: 'member',
    });
    const [left] = await sql`
      select (select count(*)::int from public.organizations where id = ${alone}) as orgs,
             (select count(*)::int from auth.users where id = ${owner!.id}) as users`;
    expect(left).toEqual({ orgs: 0, users: 0 });
    const { data } = await adminClient(target).auth.admin.getUserById(owner!.id);
    expect(data.user).toBeNull();
  });
});
