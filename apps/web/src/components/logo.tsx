import { Layers } from 'lucide-react';
import Link from 'next/link';

/** `compact`: the name is for screen readers only below the sm breakpoint (phone headers). */
export function Logo({ href = '/', compact = false }: { href?: string; compact?: boolean }) {
  return (
    <Link
      href={href}
      className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <Layers className="size-4" aria-hidden />
      </span>
      <span className={compact ? 'max-sm:sr-only' : undefined}>SaaS Starter</span>
    </Link>
  );
}
