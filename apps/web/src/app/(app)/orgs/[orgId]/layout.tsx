import type { ReactNode } from 'react';
import { loadMyOrg } from '@/lib/load-my-org';

/**
 * Checks membership above the loading skeleton: once loading.tsx streams, the status (200) is
 * sent, so an org the user is not in must be found out here for the page to answer 404.
 */
export default async function OrgLayout(props: {
  params: Promise<{ orgId: string }>;
  children: ReactNode;
}) {
  await loadMyOrg((await props.params).orgId);
  return props.children;
}
