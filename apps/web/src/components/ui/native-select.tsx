import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';

/** The platform's select: keyboard, touch and screen readers work everywhere, styled to match. */
export function NativeSelect({ className, ...props }: ComponentProps<'select'>) {
  return (
    <select
      className={cn(
        'h-9 rounded-md border border-input bg-background px-2 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50',
        className,
      )}
      {...props}
    />
  );
}
