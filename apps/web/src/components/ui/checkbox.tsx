import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';

/** The platform's checkbox (native semantics and keyboard), tinted with the theme. */
export function Checkbox({ className, ...props }: Omit<ComponentProps<'input'>, 'type'>) {
  return (
    <input
      type="checkbox"
      className={cn(
        'size-[1.125rem] shrink-0 cursor-pointer rounded-[5px] accent-primary focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background disabled:cursor-not-allowed disabled:opacity-50',
        className,
      )}
      {...props}
    />
  );
}
