'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { initialFormState } from '@/lib/form-state';
import { verifySecondFactor } from './actions';
import { CodeField } from './code-field';

export function SecondFactorForm({ next }: { next: string }) {
  const [state, action] = useActionState(verifySecondFactor, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <input type="hidden" name="next" value={next} />
      <CodeField />
      <FormOutcome state={state} />
      <SubmitButton className="w-full">Verify</SubmitButton>
    </form>
  );
}
