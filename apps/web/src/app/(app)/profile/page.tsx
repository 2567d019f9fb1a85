import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { Avatar } from '@/components/ui/avatar';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DeleteAccountForm } from '@/features/profile/delete-account-form';
import { ProfileForm } from '@/features/profile/profile-form';
import { loadMe } from '@/lib/load-me';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const { profile, user } = await loadMe();
  const name = profile.displayName || user.email || 'You';
  return (
    <>
      <PageHeader title="Profile" description="How teammates see you." />
      <div className="grid gap-6">
        <Card>
          <CardHeader className="flex-row items-center gap-3">
            <Avatar name={name} url={profile.avatarUrl} className="size-12 text-sm" />
            <div>
              <CardTitle>{name}</CardTitle>
              <CardDescription>{user.email}</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <ProfileForm
              displayName={profile.displayName}
              avatarUrl={profile.avatarUrl}
              email={user.email ?? ''}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
            <CardDescription>
              <Link
                href="/update-password"
                className="text-primary underline-offset-4 hover:underline"
              >
                Change your password
              </Link>
            </CardDescription>
          </CardHeader>
        </Card>
        <Card className="border-destructive/40">
          <CardHeader>
            <CardTitle>Delete account</CardTitle>
            <CardDescription>
              Deletes your account, your profile, the items you wrote and every organization you are
              the only member of, for good. An organization others belong to that you own alone
              needs another owner first.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <DeleteAccountForm email={user.email ?? ''} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
