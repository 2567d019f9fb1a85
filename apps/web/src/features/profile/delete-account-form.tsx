'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { type DeleteAccountState, deleteAccount } from './delete-account-actions';

/** Deleting the account: only once the user has typed their own email address. */
export function DeleteAccountForm(props: { email: string }) {
  const [state, action] = useActionState(deleteAccount, {} as DeleteAccountState);
  const [typed, setTyped] = useState(state.values?.confirmation ?? '');
  const confirmed = typed.trim().toLowerCase() === props.email.toLowerCase();
  return (
    <form action={action} className="grid gap-4">
      <div className="grid gap-2">
        <Label htmlFor="delete-confirmation">
          Type <span className="font-medium">{props.email}</span> to confirm
        </Label>
        <Input
          id="delete-confirmation"
          name="confirmation"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      </div>
      {state.error && <FormMessage tone="error">{state.error}</FormMessage>}
      {state.organizations && state.organizations.length > 0 && (
        <ul aria-label="Organizations that need another owner" className="grid gap-1 text-sm">
          {state.organizations.map((org) => (
            <li key={org.id}>
              <Link
                href={`/orgs/${org.id}/settings`}
                className="text-primary underline-offset-4 hover:underline"
              >
                {org.name}
              </Link>{' '}
              — make another member an owner, or delete the organization.
            </li>
          ))}
        </ul>
      )}
      <SubmitButton variant="destructive" className="justify-self-start" disabled={!confirmed}>
        Delete account
      </SubmitButton>
    </form>
  );
}
