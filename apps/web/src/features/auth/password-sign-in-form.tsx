'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { initialFormState } from '@/lib/form-state';
import { signInWithPassword } from './actions';
import { EmailField } from './email-field';
import { PasswordField } from './password-field';

export function PasswordSignInForm({ next }: { next: string }) {
  const [state, action] = useActionState(signInWithPassword, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <input type="hidden" name="next" value={next} />
      <EmailField defaultValue={state.values?.email} />
      <PasswordField
        autoComplete="current-password"
        hint={
          <Link
            href="/forgot-password"
            className="text-xs text-muted-foreground underline-offset-4 hover:underline"
          >
            Forgot password?
          </Link>
        }
      />
      <FormOutcome state={state} />
      <SubmitButton className="w-full">Sign in</SubmitButton>
    </form>
  );
}
