'use client';

import { LogOut } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import { leaveOrganization } from './actions';
import { useConfirmedAction } from './use-confirmed-action';

export function LeaveOrgButton(props: { orgId: string; orgName: string; myUserId: string }) {
  const [open, setOpen] = useState(false);
  const [pending, run] = useConfirmedAction();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" className="justify-self-start text-destructive">
          <LogOut aria-hidden />
          Leave organization
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>Leave {props.orgName}?</DialogTitle>
        <DialogDescription>
          You will lose access to its items until someone invites you again.
        </DialogDescription>
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="outline">Stay</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={pending}
            onClick={() =>
              run(
                () => leaveOrganization(props.orgId, props.myUserId),
                `You left ${props.orgName}.`,
              )
            }
          >
            Leave
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
