'use client';

import { useActionState, useState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { Dialog, DialogContent, DialogDescription, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { initialFormState } from '@/lib/form-state';
import { createOrganization } from './actions';
import { slugify } from './slug';

export function CreateOrgDialog(props: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [state, action] = useActionState(createOrganization, initialFormState);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState<string | null>(null); // null: follow the name
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent>
        <DialogTitle>New organization</DialogTitle>
        <DialogDescription>Share items with your team. You will be its owner.</DialogDescription>
        <form action={action} className="grid gap-4">
          <div className="grid gap-2">
            <Label htmlFor="org-name">Name</Label>
            <Input
              id="org-name"
              name="name"
              required
              maxLength={80}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="Acme Inc."
            />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="org-slug">URL slug</Label>
            <Input
              id="org-slug"
              name="slug"
              required
              pattern="[a-z0-9][a-z0-9\-]{1,46}[a-z0-9]"
              title="3–48 lowercase letters, digits and dashes"
              value={slug ?? slugify(name)}
              onChange={(event) => setSlug(event.target.value)}
              aria-describedby="org-slug-hint"
            />
            <p id="org-slug-hint" className="text-xs text-muted-foreground">
              3–48 lowercase letters, digits and dashes.
            </p>
          </div>
          <FormOutcome state={state} />
          <SubmitButton>Create organization</SubmitButton>
        </form>
      </DialogContent>
    </Dialog>
  );
}
