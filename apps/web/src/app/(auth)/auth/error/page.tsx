import type { Metadata } from 'next';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { AuthCard } from '@/features/auth/auth-card';
import { authCodeMessage } from '@/lib/auth-errors';
import { type PageProps, searchParam } from '@/lib/page-props';

export const metadata: Metadata = { title: 'Link not valid' };

export default async function AuthErrorPage(props: PageProps) {
  const code = searchParam(await props.searchParams, 'code');
  const message =
    code === 'network'
      ? "Can't reach the sign-in service right now. Open the link again in a minute."
      : authCodeMessage(code);
  return (
    <AuthCard title="That link did not work" description="Nothing was changed.">
      <FormMessage tone="error">{message}</FormMessage>
      <div className="flex flex-wrap gap-2">
        <Button asChild>
          <Link href="/sign-in">Sign in</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href="/forgot-password">Reset password</Link>
        </Button>
      </div>
    </AuthCard>
  );
}
