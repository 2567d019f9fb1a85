'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { initialFormState } from '@/lib/form-state';
import { updatePassword } from './actions';
import { PasswordField } from './password-field';

export function UpdatePasswordForm() {
  const [state, action] = useActionState(updatePassword, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <PasswordField label="New password" autoComplete="new-password" />
      <FormOutcome state={state} />
      <SubmitButton className="w-full">Save new password</SubmitButton>
    </form>
  );
}
