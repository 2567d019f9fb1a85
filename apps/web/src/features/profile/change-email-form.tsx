'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { initialFormState } from '@/lib/form-state';
import { changeEmail } from './email-actions';

export function ChangeEmailForm() {
  const [state, action] = useActionState(changeEmail, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <div className="grid gap-2">
        <Label htmlFor="new-email">New email</Label>
        <Input
          id="new-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.values?.email}
          placeholder="you@example.com"
        />
      </div>
      <FormOutcome state={state} />
      <SubmitButton className="justify-self-start">Change email</SubmitButton>
    </form>
  );
}
