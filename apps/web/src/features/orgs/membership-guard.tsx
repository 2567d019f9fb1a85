'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { notify } from '@/lib/notify';
import { onOrgAccessCheck } from '@/lib/org-access';
import { myRoleIn } from './settings-actions';

/**
 * Keeps an open org page in step with the user's membership: when the tab comes back into view,
 * or after the API refused a change, it asks for the user's role in the org. Removed (or the org
 * deleted): a message and the personal dashboard. Role changed: the page renders again with it.
 */
export function MembershipGuard(props: { orgId: string; orgName: string; role: string }) {
  const router = useRouter();
  const checking = useRef(false);
  useEffect(() => {
    let gone = false;
    const check = async () => {
      if (checking.current || gone) return;
      checking.current = true;
      try {
        const result = await myRoleIn(props.orgId);
        if (!result.ok) return; // offline or the API is down: nothing learnt
        if (result.data === null) {
          gone = true;
          notify.error(
            `You no longer have access to ${props.orgName}: you were removed from it, or it was deleted.`,
          );
          router.replace('/dashboard');
        } else if (result.data !== props.role) {
          router.refresh();
        }
      } catch {
        // The server action could not be reached; the next check will tell.
      } finally {
        checking.current = false;
      }
    };
    return onOrgAccessCheck(() => void check());
  }, [props.orgId, props.orgName, props.role, router]);
  return null;
}
