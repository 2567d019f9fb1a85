import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { Avatar } from '@/components/ui/avatar';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormMessage } from '@/components/ui/form-message';
import { UpdatePasswordForm } from '@/features/auth/update-password-form';
import { MfaCard } from '@/features/mfa/mfa-card';
import { ChangeEmailForm } from '@/features/profile/change-email-form';
import { DeleteAccountForm } from '@/features/profile/delete-account-form';
import { ProfileForm } from '@/features/profile/profile-form';
import { loadMe } from '@/lib/load-me';
import { type PageProps, searchParam } from '@/lib/page-props';

export const metadata: Metadata = { title: 'Profile' };

/** What the email change links say when they lead back here (app/auth/confirm). */
const EMAIL_CHANGE = {
  pending: 'One link confirmed. Follow the link sent to your other address to finish the change.',
  changed: 'Your email address is changed. Sign in with it from now on.',
} as const;

export default async function ProfilePage(props: PageProps) {
  const [{ profile, user }, params] = await Promise.all([loadMe(), props.searchParams]);
  const emailChange = searchParam(params, 'email');
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
            <CardTitle>Email</CardTitle>
            <CardDescription>
              You sign in with {user.email}. A new address needs confirming from both mailboxes.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {(emailChange === 'pending' || emailChange === 'changed') && (
              <FormMessage tone="success">{EMAIL_CHANGE[emailChange]}</FormMessage>
            )}
            <ChangeEmailForm />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
            <CardDescription>
              Changes the password for this account; you stay signed in.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <UpdatePasswordForm />
          </CardContent>
        </Card>
        <MfaCard />
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
