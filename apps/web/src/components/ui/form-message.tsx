import { CircleAlert, CircleCheck } from 'lucide-react';
import { cn } from '@/lib/utils';

/** A form's outcome, announced to screen readers as it appears. */
export function FormMessage(props: { tone: 'error' | 'success'; children: string; id?: string }) {
  const Icon = props.tone === 'error' ? CircleAlert : CircleCheck;
  return (
    <p
      id={props.id}
      role={props.tone === 'error' ? 'alert' : 'status'}
      className={cn(
        'flex items-start gap-2 rounded-md border px-3 py-2 text-sm',
        props.tone === 'error'
          ? 'border-destructive/30 bg-destructive/10 text-destructive'
          : 'border-primary/30 bg-primary/10 text-foreground',
      )}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{props.children}</span>
    </p>
  );
}
