'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { initialFormState } from '@/lib/form-state';
import { updateProfile } from './actions';

export function ProfileForm(props: {
  displayName: string;
  avatarUrl: string | null;
  email: string;
}) {
  const [state, action] = useActionState(updateProfile, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <div className="grid gap-2">
        <Label htmlFor="profile-email">Email</Label>
        <Input id="profile-email" value={props.email} readOnly disabled />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="display-name">Display name</Label>
        <Input
          id="display-name"
          name="displayName"
          maxLength={80}
          defaultValue={state.values?.displayName ?? props.displayName}
          autoComplete="name"
        />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="avatar-url">Avatar URL</Label>
        <Input
          id="avatar-url"
          name="avatarUrl"
          type="url"
          placeholder="https://…"
          defaultValue={state.values?.avatarUrl ?? props.avatarUrl ?? ''}
          aria-describedby="avatar-url-hint"
        />
        <p id="avatar-url-hint" className="text-xs text-muted-foreground">
          A link to a square picture. Leave empty to show your initials.
        </p>
      </div>
      <FormOutcome state={state} />
      <SubmitButton className="justify-self-start">Save profile</SubmitButton>
    </form>
  );
}
