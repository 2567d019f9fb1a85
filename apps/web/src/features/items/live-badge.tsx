import { cn } from '@/lib/utils';

/** Whether changes from elsewhere are arriving right now. */
export function LiveBadge({ live }: { live: boolean }) {
  return (
    <span
      className="inline-flex shrink-0 items-center gap-1.5 text-xs text-muted-foreground"
      data-live={live}
      title={
        live ? 'Changes from other tabs and teammates appear here as they happen' : 'Connecting…'
      }
    >
      <span
        className={cn('size-2 rounded-full', live ? 'bg-emerald-500' : 'bg-muted-foreground/40')}
        aria-hidden
      />
      <span>{live ? 'Live' : 'Connecting'}</span>
    </span>
  );
}
