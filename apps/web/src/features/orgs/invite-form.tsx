'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { initialFormState } from '@/lib/form-state';
import { inviteMember } from './actions';

export function InviteForm({ orgId }: { orgId: string }) {
  const [state, action] = useActionState(inviteMember, initialFormState);
  return (
    <form action={action} className="grid gap-3">
      <input type="hidden" name="orgId" value={orgId} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="grid flex-1 gap-2">
          <Label htmlFor="invite-email">Email</Label>
          <Input
            id="invite-email"
            name="email"
            type="email"
            required
            placeholder="teammate@example.com"
            defaultValue={state.error ? state.values?.email : ''}
            key={state.message}
          />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="invite-role">Role</Label>
          <NativeSelect id="invite-role" name="role" defaultValue={state.values?.role ?? 'member'}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </NativeSelect>
        </div>
        <SubmitButton>Send invitation</SubmitButton>
      </div>
      <FormOutcome state={state} />
    </form>
  );
}
