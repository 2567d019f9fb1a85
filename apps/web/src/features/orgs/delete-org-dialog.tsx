'use client';

import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { callAction } from '@/lib/action-result';
import { notify } from '@/lib/notify';
import { deleteOrganization } from './settings-actions';

/** Owners only: deletes the org after its name is typed, then leaves its pages. */
export function DeleteOrgDialog(props: { orgId: string; orgName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const confirmed = typed.trim() === props.orgName;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!confirmed || pending) return;
    startTransition(async () => {
      const result = await callAction(() => deleteOrganization(props.orgId, typed));
      if (!result.ok) return setError(result.error);
      notify.success(`${props.orgName} was deleted.`);
      router.replace('/dashboard');
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setTyped('');
        setError(undefined);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="destructive" className="justify-self-start">
          <Trash2 aria-hidden />
          Delete organization
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>Delete {props.orgName}?</DialogTitle>
        <DialogDescription>
          Its items, members and open invitations are deleted for good. This cannot be undone.
        </DialogDescription>
        <form onSubmit={submit} className="grid gap-4">
          <div className="grid gap-2">
            <Label htmlFor="delete-org-confirmation">
              Type <span className="font-semibold break-all">{props.orgName}</span> to confirm
            </Label>
            <Input
              id="delete-org-confirmation"
              value={typed}
              autoComplete="off"
              onChange={(event) => setTyped(event.target.value)}
            />
          </div>
          {error && <FormMessage tone="error">{error}</FormMessage>}
          <div className="flex flex-wrap justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Keep it
              </Button>
            </DialogClose>
            <Button type="submit" variant="destructive" disabled={!confirmed || pending}>
              {pending ? 'Deleting…' : 'Delete this organization'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
