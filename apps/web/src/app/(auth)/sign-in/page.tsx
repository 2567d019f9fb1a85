import type { Metadata } from 'next';
import Link from 'next/link';
import { FormMessage } from '@/components/ui/form-message';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { AuthCard } from '@/features/auth/auth-card';
import { MagicLinkForm } from '@/features/auth/magic-link-form';
import { OAuthButtons } from '@/features/auth/oauth-buttons';
import { PasswordSignInForm } from '@/features/auth/password-sign-in-form';
import { nextParam } from '@/lib/next-param';
import { type PageProps, searchParam } from '@/lib/page-props';
import { signInPath } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage(props: PageProps) {
  const next = await nextParam(props.searchParams);
  const deleted = searchParam(await props.searchParams, 'notice') === 'account-deleted';
  return (
    <AuthCard
      title="Welcome back"
      description="Sign in to your workspace."
      footer={
        <>
          New here?{' '}
          <Link
            href={signInPath(next, '/sign-up')}
            className="font-medium text-foreground underline-offset-4 hover:underline"
          >
            Create an account
          </Link>
        </>
      }
    >
      {deleted && <FormMessage tone="success">Your account was deleted. Goodbye!</FormMessage>}
      <Tabs defaultValue="password" className="grid gap-4">
        <TabsList aria-label="How to sign in">
          <TabsTrigger value="password">Password</TabsTrigger>
          <TabsTrigger value="link">Email link</TabsTrigger>
        </TabsList>
        <TabsContent value="password">
          <PasswordSignInForm next={next} />
        </TabsContent>
        <TabsContent value="link">
          <MagicLinkForm next={next} />
        </TabsContent>
      </Tabs>
      <OAuthButtons next={next} />
    </AuthCard>
  );
}
