'use client';

import { UserMinus } from 'lucide-react';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import { changeMemberRole, removeMember } from './actions';
import type { Member } from './load-org-admin';
import { MEMBER_ROLES } from './roles';
import { useConfirmedAction } from './use-confirmed-action';

export function MembersList(props: {
  orgId: string;
  members: Member[];
  myUserId: string;
  canManage: boolean;
}) {
  const [pending, run] = useConfirmedAction();
  return (
    <ul className="divide-y" aria-label="Members" aria-busy={pending}>
      {props.members.map((member) => {
        const name = member.displayName || member.email;
        const isMe = member.userId === props.myUserId;
        return (
          <li
            key={member.userId}
            className="flex flex-wrap items-center gap-3 py-3"
            data-member={member.email}
          >
            <Avatar name={name} url={member.avatarUrl} />
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium">
                {name} {isMe && <Badge className="ml-1">You</Badge>}
              </p>
              <p className="truncate text-xs text-muted-foreground">{member.email}</p>
            </div>
            {props.canManage ? (
              <NativeSelect
                aria-label={`Role of ${name}`}
                value={member.role}
                disabled={pending}
                onChange={(event) =>
                  run(
                    () => changeMemberRole(props.orgId, member.userId, event.target.value),
                    `${name} is now ${event.target.value === 'admin' ? 'an admin' : `a ${event.target.value}`}.`,
                  )
                }
              >
                {MEMBER_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role[0]!.toUpperCase() + role.slice(1)}
                  </option>
                ))}
              </NativeSelect>
            ) : (
              <Badge className="capitalize">{member.role}</Badge>
            )}
            {props.canManage && !isMe && (
              <Button
                variant="ghost"
                size="icon-sm"
                aria-label={`Remove ${name}`}
                disabled={pending}
                onClick={() =>
                  run(() => removeMember(props.orgId, member.userId), `${name} was removed.`)
                }
              >
                <UserMinus aria-hidden />
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
