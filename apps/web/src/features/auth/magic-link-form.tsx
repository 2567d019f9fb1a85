'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { initialFormState } from '@/lib/form-state';
import { sendMagicLink } from './actions';
import { EmailField } from './email-field';

export function MagicLinkForm({ next }: { next: string }) {
  const [state, action] = useActionState(sendMagicLink, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <input type="hidden" name="next" value={next} />
      <EmailField id="magic-email" defaultValue={state.values?.email} />
      <FormOutcome state={state} />
      <SubmitButton className="w-full" variant="secondary">
        Email me a sign-in link
      </SubmitButton>
    </form>
  );
}
