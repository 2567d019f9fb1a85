import { FileQuestion } from 'lucide-react';
import Link from 'next/link';
import { buttonVariants } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <EmptyState
        heading="h1"
        icon={FileQuestion}
        title="Not found"
        description="This page does not exist, or you do not have access to it."
      >
        <Link href="/dashboard" className={buttonVariants({ className: 'mt-2' })}>
          Go to your dashboard
        </Link>
      </EmptyState>
    </main>
  );
}
