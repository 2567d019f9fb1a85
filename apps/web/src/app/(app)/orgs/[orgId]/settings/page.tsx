import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DeleteOrgDialog } from '@/features/orgs/delete-org-dialog';
import { InvitationsList } from '@/features/orgs/invitations-list';
import { InviteForm } from '@/features/orgs/invite-form';
import { LeaveOrgButton } from '@/features/orgs/leave-org-button';
import { loadInvitations } from '@/features/orgs/load-invitations';
import { loadMembers } from '@/features/orgs/load-org-admin';
import { MembersList } from '@/features/orgs/members-list';
import { MembershipGuard } from '@/features/orgs/membership-guard';
import { RenameOrgForm } from '@/features/orgs/rename-org-form';
import { TransferOwnershipForm } from '@/features/orgs/transfer-ownership-form';
import { canManage, loadMyOrg } from '@/lib/load-my-org';
import type { PageProps } from '@/lib/page-props';
import { requireSession } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Organization settings' };

export default async function OrgSettingsPage(props: PageProps<{ orgId: string }>) {
  const { orgId } = await props.params;
  const [session, org] = await Promise.all([requireSession(), loadMyOrg(orgId)]);
  const manager = canManage(org);
  const [members, invitations] = await Promise.all([
    loadMembers(org.id),
    manager ? loadInvitations(org.id) : Promise.resolve([]),
  ]);
  return (
    <>
      <MembershipGuard orgId={org.id} orgName={org.name} role={org.role} />
      <Link
        href={`/orgs/${org.id}`}
        className="mb-3 inline-flex items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {org.name} items
      </Link>
      <PageHeader
        title="Organization settings"
        description={`You are ${org.role === 'member' ? 'a member' : `an ${org.role}`} of ${org.name}.`}
      />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle>General</CardTitle>
            <CardDescription>
              {manager
                ? 'Admins and owners can rename the organization.'
                : 'Only admins and owners can change these.'}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <RenameOrgForm orgId={org.id} name={org.name} slug={org.slug} editable={manager} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Members</CardTitle>
            <CardDescription>
              {members.length === 1 ? 'Just you so far.' : `${members.length} people.`}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <MembersList
              orgId={org.id}
              members={members}
              myUserId={session.userId}
              canManage={manager}
            />
          </CardContent>
        </Card>
        {manager && (
          <Card>
            <CardHeader>
              <CardTitle>Invitations</CardTitle>
              <CardDescription>
                Invite people by email; the link in the email lets them join.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <InviteForm orgId={org.id} />
              <InvitationsList orgId={org.id} invitations={invitations} />
            </CardContent>
          </Card>
        )}
        {org.role === 'owner' && (
          <Card>
            <CardHeader>
              <CardTitle>Transfer ownership</CardTitle>
              <CardDescription>
                Hand the organization to another member. You stay on as an admin.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <TransferOwnershipForm
                orgId={org.id}
                orgName={org.name}
                members={members}
                myUserId={session.userId}
              />
            </CardContent>
          </Card>
        )}
        <Card>
          <CardHeader>
            <CardTitle>Leave</CardTitle>
            <CardDescription>An organization always keeps at least one owner.</CardDescription>
          </CardHeader>
          <CardContent className="grid">
            <LeaveOrgButton orgId={org.id} orgName={org.name} myUserId={session.userId} />
          </CardContent>
        </Card>
        {org.role === 'owner' && (
          <Card className="border-destructive/40">
            <CardHeader>
              <CardTitle>Delete organization</CardTitle>
              <CardDescription>
                Deletes the organization with its items, members and invitations. Only owners can.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid">
              <DeleteOrgDialog orgId={org.id} orgName={org.name} />
            </CardContent>
          </Card>
        )}
      </div>
    </>
  );
}
