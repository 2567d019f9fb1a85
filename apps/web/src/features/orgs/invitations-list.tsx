'use client';

import { MailX } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { revokeInvitation } from './actions';
import type { OpenInvitation } from './open-invitations';
import { useConfirmedAction } from './use-confirmed-action';

export function InvitationsList({
  orgId,
  invitations,
}: {
  orgId: string;
  invitations: OpenInvitation[];
}) {
  const [pending, run] = useConfirmedAction();
  if (invitations.length === 0) {
    return <p className="py-3 text-sm text-muted-foreground">No open invitations.</p>;
  }
  return (
    <ul className="divide-y" aria-label="Open invitations" aria-busy={pending}>
      {invitations.map((invitation) => (
        <li
          key={invitation.id}
          className="flex flex-wrap items-center gap-3 py-3"
          data-invitation={invitation.email}
        >
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium">{invitation.email}</p>
            <p className="text-xs text-muted-foreground">
              Expires{' '}
              {new Date(invitation.expiresAt).toLocaleDateString('en', { dateStyle: 'medium' })}
            </p>
          </div>
          <Badge className="capitalize">{invitation.role}</Badge>
          <Button
            variant="ghost"
            size="sm"
            disabled={pending}
            aria-label={`Revoke the invitation for ${invitation.email}`}
            onClick={() =>
              run(
                () => revokeInvitation(orgId, invitation.id),
                `Invitation for ${invitation.email} revoked.`,
              )
            }
          >
            <MailX aria-hidden />
            Revoke
          </Button>
        </li>
      ))}
    </ul>
  );
}
