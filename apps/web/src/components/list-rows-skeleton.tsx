import { Skeleton } from '@/components/ui/skeleton';

const ROW_KEYS = ['a', 'b', 'c', 'd', 'e'];

/** Placeholder rows shaped like the item rows (a checkbox and a title), at most five. */
export function ListRowsSkeleton({ rows }: { rows: number }) {
  return ROW_KEYS.slice(0, rows).map((key) => (
    <div key={key} className="flex items-center gap-3 px-4 py-3">
      <Skeleton className="size-5 rounded-[5px]" />
      <Skeleton className="h-4 flex-1" />
    </div>
  ));
}
