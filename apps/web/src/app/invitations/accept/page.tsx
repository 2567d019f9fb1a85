import type { Metadata } from 'next';
import Link from 'next/link';
import { Logo } from '@/components/logo';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { signOut } from '@/features/auth/actions';
import { AuthCard } from '@/features/auth/auth-card';
import { AcceptInvitationForm } from '@/features/orgs/accept-invitation-form';
import { type PageProps, searchParam } from '@/lib/page-props';
import { signInPath } from '@/lib/safe-next';
import { getSession } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Join an organization' };

/** Where invitation emails lead: signed out, sign in or up and come back; signed in, accept. */
export default async function AcceptInvitationPage(props: PageProps) {
  const token = searchParam(await props.searchParams, 'token') ?? '';
  const session = await getSession();
  const here = `/invitations/accept?token=${encodeURIComponent(token)}`;
  return (
    <div className="flex min-h-dvh flex-col items-center gap-8 px-4 pt-10">
      <Logo />
      <div className="w-full max-w-sm">
        <AuthCard
          title="You are invited"
          description="Join your team's organization to share items."
        >
          {!token ? (
            <FormMessage tone="error">
              This link has no invitation in it. Open the link from the email again.
            </FormMessage>
          ) : session ? (
            <>
              <p className="text-sm">
                Signed in as <strong>{session.email}</strong>. The invitation must be for this
                address.
              </p>
              <AcceptInvitationForm token={token} />
              <form action={signOut}>
                <Button type="submit" variant="link" className="h-auto p-0 text-muted-foreground">
                  Use another account
                </Button>
              </form>
            </>
          ) : (
            <div className="grid gap-2">
              <Button asChild>
                <Link href={signInPath(here)}>Sign in to accept</Link>
              </Button>
              <Button asChild variant="outline">
                <Link href={signInPath(here, '/sign-up')}>Create an account</Link>
              </Button>
            </div>
          )}
        </AuthCard>
      </div>
    </div>
  );
}
