import { ListRowsSkeleton } from '@/components/list-rows-skeleton';
import { Skeleton } from '@/components/ui/skeleton';

/** Shown (loading.tsx) while a signed-in page waits for the API on the server. */
export function PageSkeleton() {
  return (
    <div className="grid gap-6" role="status" aria-busy="true" aria-label="Loading">
      <div className="grid gap-2">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-64" />
      </div>
      <Skeleton className="h-9 w-full" />
      <div className="divide-y rounded-lg border">
        <ListRowsSkeleton rows={5} />
      </div>
    </div>
  );
}
