import { ArrowRight } from 'lucide-react';
import Link from 'next/link';
import { buttonVariants } from '@/components/ui/button';

export function Hero() {
  return (
    <section className="mx-auto grid max-w-3xl gap-6 px-4 pt-16 pb-12 text-center sm:px-6 sm:pt-24">
      <p className="justify-self-center rounded-full border px-3 py-1 text-xs text-muted-foreground">
        Next.js · Hono · Drizzle · Supabase
      </p>
      <h1 className="text-balance text-4xl font-semibold tracking-tight sm:text-5xl">
        Ship your team product, not its plumbing
      </h1>
      <p className="text-pretty text-base text-muted-foreground sm:text-lg">
        Sign-in, organizations with roles and invitations, live updates, and a database whose access
        rules are enforced by PostgreSQL itself, and tested. Clone it and start on what makes your
        product yours.
      </p>
      <div className="flex flex-wrap justify-center gap-3">
        <Link href="/sign-up" className={buttonVariants({ size: 'lg' })}>
          Create your account
          <ArrowRight aria-hidden />
        </Link>
        <Link href="/sign-in" className={buttonVariants({ size: 'lg', variant: 'outline' })}>
          Sign in
        </Link>
      </div>
    </section>
  );
}
