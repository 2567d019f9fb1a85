import 'server-only';
import { notFound } from 'next/navigation';
import { getMe, type MyOrganization } from './me';

/** One of the user's organizations (with their role), or the 404 page. */
export async function requireMyOrg(orgId: string): Promise<MyOrganization> {
  const { organizations } = await getMe();
  const org = organizations.find((candidate) => candidate.id === orgId);
  if (!org) notFound();
  return org;
}

export const canManage = (org: MyOrganization) => org.role === 'owner' || org.role === 'admin';
