import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/features/auth/auth-card';
import { OAuthButtons } from '@/features/auth/oauth-buttons';
import { SignUpForm } from '@/features/auth/sign-up-form';
import { nextParam } from '@/lib/next-param';
import type { PageProps } from '@/lib/page-props';
import { signInPath } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage(props: PageProps) {
  const next = await nextParam(props.searchParams);
  return (
    <AuthCard
      title="Create your account"
      description="Start with your email and a password."
      footer={
        <>
          Already have an account?{' '}
          <Link
            href={signInPath(next)}
            className="font-medium text-foreground underline-offset-4 hover:underline"
          >
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm next={next} />
      <OAuthButtons next={next} />
    </AuthCard>
  );
}
