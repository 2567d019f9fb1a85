'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
} from '@/components/ui/dialog';
import { FormMessage } from '@/components/ui/form-message';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { callAction } from '@/lib/action-result';
import { notify } from '@/lib/notify';
import type { Member } from './load-org-admin';
import { transferOwnership } from './settings-actions';

/** Owners only: hands the org to another member after a confirmation; the owner becomes admin. */
export function TransferOwnershipForm(props: {
  orgId: string;
  orgName: string;
  members: Member[];
  myUserId: string;
}) {
  const candidates = props.members.filter((m) => m.userId !== props.myUserId);
  const [userId, setUserId] = useState(candidates[0]?.userId ?? '');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const chosen = candidates.find((m) => m.userId === userId);
  const chosenName = chosen ? chosen.displayName || chosen.email : '';

  if (candidates.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        Invite someone first: ownership can only go to another member.
      </p>
    );
  }

  function transfer() {
    startTransition(async () => {
      const result = await callAction(() => transferOwnership(props.orgId, userId));
      if (!result.ok) {
        setConfirming(false);
        return setError(result.error);
      }
      setConfirming(false);
      notify.success(`${chosenName} now owns ${props.orgName}. You are an admin.`);
    });
  }

  return (
    <form
      className="grid gap-3 sm:flex sm:flex-wrap sm:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        setError(undefined);
        setConfirming(true);
      }}
    >
      <div className="grid min-w-0 gap-2 sm:flex-1">
        <Label htmlFor="new-owner">New owner</Label>
        <NativeSelect
          id="new-owner"
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
          className="w-full min-w-0"
        >
          {candidates.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.displayName ? `${m.displayName} (${m.email})` : m.email}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline" disabled={pending}>
        Transfer ownership
      </Button>
      {error && (
        <div className="sm:basis-full">
          <FormMessage tone="error">{error}</FormMessage>
        </div>
      )}
      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent>
          <DialogTitle>Make {chosenName} the owner?</DialogTitle>
          <DialogDescription>
            They get full control of {props.orgName}, including deleting it. You stay on as an
            admin; only they can make you an owner again.
          </DialogDescription>
          <div className="flex flex-wrap justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="button" onClick={transfer} disabled={pending}>
              {pending ? 'Transferring…' : 'Transfer'}
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </form>
  );
}
