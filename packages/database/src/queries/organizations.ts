import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../client';
import { type MemberRole, memberships, organizations } from '../schema';

export type Organization = typeof organizations.$inferSelect;
/** An org as the caller sees it: with the caller's own role in it. */
export type MyOrganization = Organization & { role: MemberRole };

const orgColumns = {
  id: organizations.id,
  name: organizations.name,
  slug: organizations.slug,
  createdAt: organizations.createdAt,
  updatedAt: organizations.updatedAt,
};

function selectWithRole(tx: Tx, userId: string) {
  return tx
    .select({ ...orgColumns, role: memberships.role })
    .from(organizations)
    .innerJoin(
      memberships,
      and(eq(memberships.orgId, organizations.id), eq(memberships.userId, userId)),
    );
}

export async function listMyOrganizations(tx: Tx, userId: string): Promise<MyOrganization[]> {
  return selectWithRole(tx, userId).orderBy(asc(organizations.name), asc(organizations.id));
}

export async function getMyOrganization(
  tx: Tx,
  userId: string,
  id: string,
): Promise<MyOrganization | undefined> {
  const [row] = await selectWithRole(tx, userId).where(eq(organizations.id, id));
  return row;
}

/**
 * The creator becomes owner through the on_organization_created trigger. The id is chosen here
 * because INSERT … RETURNING would check the select policy (members only) before that trigger
 * has added the membership.
 */
export async function createOrganization(
  tx: Tx,
  userId: string,
  input: { name: string; slug: string },
): Promise<MyOrganization> {
  const id = randomUUID();
  await tx.insert(organizations).values({ id, name: input.name, slug: input.slug });
  return (await getMyOrganization(tx, userId, id))!;
}

/** Undefined when the org does not exist or the caller may not change it. */
export async function updateOrganization(
  tx: Tx,
  id: string,
  input: Partial<Pick<Organization, 'name' | 'slug'>>,
): Promise<Organization | undefined> {
  const [row] = await tx
    .update(organizations)
    .set(input)
    .where(eq(organizations.id, id))
    .returning(orgColumns);
  return row;
}

export async function deleteOrganization(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx
    .delete(organizations)
    .where(eq(organizations.id, id))
    .returning({ id: organizations.id });
  return rows.length > 0;
}
