'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { initialFormState } from '@/lib/form-state';
import { signUp } from './actions';
import { EmailField } from './email-field';
import { PasswordField } from './password-field';

export function SignUpForm({ next }: { next: string }) {
  const [state, action] = useActionState(signUp, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <input type="hidden" name="next" value={next} />
      <EmailField defaultValue={state.values?.email} deliverable />
      <PasswordField
        autoComplete="new-password"
        hint={<span className="text-xs text-muted-foreground">At least 6 characters</span>}
      />
      <FormOutcome state={state} />
      <SubmitButton className="w-full">Create account</SubmitButton>
    </form>
  );
}
