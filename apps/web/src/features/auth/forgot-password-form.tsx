'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { initialFormState } from '@/lib/form-state';
import { requestPasswordReset } from './actions';
import { EmailField } from './email-field';

export function ForgotPasswordForm() {
  const [state, action] = useActionState(requestPasswordReset, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <EmailField defaultValue={state.values?.email} />
      <FormOutcome state={state} />
      <SubmitButton className="w-full">Send reset link</SubmitButton>
    </form>
  );
}
