'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { initialFormState } from '@/lib/form-state';
import { renameOrganization } from './actions';

export function RenameOrgForm(props: {
  orgId: string;
  name: string;
  slug: string;
  editable: boolean;
}) {
  const [state, action] = useActionState(renameOrganization, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <input type="hidden" name="orgId" value={props.orgId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-2">
          <Label htmlFor="org-settings-name">Name</Label>
          <Input
            id="org-settings-name"
            name="name"
            required
            maxLength={80}
            defaultValue={state.values?.name ?? props.name}
            disabled={!props.editable}
          />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="org-settings-slug">URL slug</Label>
          <Input
            id="org-settings-slug"
            name="slug"
            required
            defaultValue={state.values?.slug ?? props.slug}
            disabled={!props.editable}
          />
        </div>
      </div>
      <FormOutcome state={state} />
      {props.editable && <SubmitButton className="justify-self-start">Save changes</SubmitButton>}
    </form>
  );
}
