'use client';

import { TriangleAlert } from 'lucide-react';
import { buttonVariants } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

/** Anything a page could not recover from (the API or Auth unreachable, for instance). */
export default function ErrorPage({ retry }: { error: Error; retry: () => void }) {
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <EmptyState
        heading="h1"
        icon={TriangleAlert}
        title="Something went wrong"
        description="We could not load this page. Check your connection and try again."
      >
        <button
          type="button"
          className={buttonVariants({ className: 'mt-2' })}
          onClick={() => retry()}
        >
          Try again
        </button>
      </EmptyState>
    </main>
  );
}
