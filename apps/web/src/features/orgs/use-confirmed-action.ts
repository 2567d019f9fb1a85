'use client';

import { useTransition } from 'react';
import { type ActionResult, callAction } from '@/lib/action-result';
import { notify } from '@/lib/notify';

/** Runs a Server Action in a transition; says so with a toast when it worked, and why when not. */
export function useConfirmedAction() {
  const [pending, startTransition] = useTransition();
  function run(action: () => Promise<ActionResult<unknown>>, success: string) {
    startTransition(async () => {
      const result = await callAction(action);
      if (result.ok) notify.success(success);
      else notify.error(result.error);
    });
  }
  return [pending, run] as const;
}
