import 'server-only';
import { notFound } from 'next/navigation';
import { loadMe, type MyOrganization } from './load-me';

/** One of the user's organizations (with their role), or the 404 page. */
export async function loadMyOrg(orgId: string): Promise<MyOrganization> {
  const { organizations } = await loadMe();
  const org = organizations.find((candidate) => candidate.id === orgId);
  if (!org) notFound();
  return org;
}

export const canManage = (org: MyOrganization) => org.role === 'owner' || org.role === 'admin';
