import type { Metadata } from 'next';
import { Button } from '@/components/ui/button';
import { signOut } from '@/features/auth/actions';
import { AuthCard } from '@/features/auth/auth-card';
import { SecondFactorForm } from '@/features/mfa/second-factor-form';
import { nextParam } from '@/lib/next-param';
import type { PageProps } from '@/lib/page-props';

export const metadata: Metadata = { title: 'Two-factor authentication' };

/** The second sign-in step; proxy.ts sends aal1 sessions of users with an authenticator here. */
export default async function SecondFactorPage(props: PageProps) {
  const next = await nextParam(props.searchParams);
  return (
    <AuthCard
      title="Enter your code"
      description="Open your authenticator app and enter the 6-digit code for this account."
    >
      <SecondFactorForm next={next} />
      <form action={signOut}>
        <Button type="submit" variant="ghost" className="w-full">
          Sign out
        </Button>
      </form>
    </AuthCard>
  );
}
