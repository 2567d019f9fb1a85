import Link from 'next/link';
import { Logo } from '@/components/logo';
import { ThemeToggle } from '@/components/theme-toggle';
import { buttonVariants } from '@/components/ui/button';

export function LandingHeader() {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/85 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4 sm:gap-6 sm:px-6">
        <Logo compact />
        <nav aria-label="Sections" className="flex gap-4 text-sm max-sm:hidden">
          <a className="text-muted-foreground hover:text-foreground" href="#features">
            Features
          </a>
          <a className="text-muted-foreground hover:text-foreground" href="#pricing">
            Pricing
          </a>
        </nav>
        <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
          <ThemeToggle />
          <Link href="/sign-in" className={buttonVariants({ variant: 'ghost', size: 'sm' })}>
            Sign in
          </Link>
          <Link href="/sign-up" className={buttonVariants({ size: 'sm' })}>
            Get started
          </Link>
        </div>
      </div>
    </header>
  );
}
