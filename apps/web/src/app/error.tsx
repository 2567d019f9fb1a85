'use client';

import { TriangleAlert } from 'lucide-react';
import { buttonVariants } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { pageErrorWording } from '@/lib/page-errors';

/**
 * Anything a page could not recover from: the API's rate limit or a busy dependency (worded from
 * the error's digest), otherwise the API or Auth unreachable, for instance.
 */
export default function ErrorPage({
  error,
  retry,
}: {
  error: Error & { digest?: string };
  retry: () => void;
}) {
  const { title, description } = pageErrorWording(error.digest);
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <EmptyState heading="h1" icon={TriangleAlert} title={title} description={description}>
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
