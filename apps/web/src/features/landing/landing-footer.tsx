import Link from 'next/link';
import { Logo } from '@/components/logo';

export function LandingFooter() {
  return (
    <footer className="border-t">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-muted-foreground sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <Logo />
        <nav aria-label="Footer" className="flex flex-wrap gap-x-6 gap-y-2">
          <a className="hover:text-foreground" href="#features">
            Features
          </a>
          <a className="hover:text-foreground" href="#pricing">
            Pricing
          </a>
          <Link className="hover:text-foreground" href="/sign-in">
            Sign in
          </Link>
          <Link className="hover:text-foreground" href="/sign-up">
            Create account
          </Link>
        </nav>
        <p>© {new Date().getFullYear()} SaaS Starter</p>
      </div>
    </footer>
  );
}
