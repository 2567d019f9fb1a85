import type postgres from 'postgres';
import type { MemberRole } from '../schema';
import type { TestUser } from './users';

/**
 * Another org beside the world's "acme", arranged as the superuser, with the given members and
 * one item by its first member: for the rows of the matrix that span two orgs.
 */
export async function createOrg(
  sql: postgres.Sql,
  name: string,
  members: [TestUser, MemberRole][],
): Promise<{ orgId: string; itemId: string }> {
  const [org] = await sql<{ id: string }[]>`
    insert into organizations (name, slug)
    values (${name}, ${`${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}`})
    returning id`;
  for (const [user, role] of members) {
    await sql`insert into memberships (org_id, user_id, role) values (${org!.id}, ${user.id}, ${role})`;
  }
  const [item] = await sql<{ id: string }[]>`
    insert into items (owner_id, org_id, title)
    values (${members[0]![0].id}, ${org!.id}, ${`${members[0]![0].email} in ${name}`})
    returning id`;
  return { orgId: org!.id, itemId: item!.id };
}
