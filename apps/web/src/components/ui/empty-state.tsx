import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

export function EmptyState(props: {
  icon: LucideIcon;
  title: string;
  /** The title's heading level: h1 when the empty state is the whole page. */
  heading?: 'h1' | 'h2';
  description?: string;
  children?: ReactNode;
}) {
  const Icon = props.icon;
  const Heading = props.heading ?? 'h2';
  return (
    <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-10 text-center">
      <Icon className="size-8 text-muted-foreground" aria-hidden />
      <Heading className="font-medium">{props.title}</Heading>
      {props.description && (
        <p className="max-w-sm text-sm text-muted-foreground">{props.description}</p>
      )}
      {props.children}
    </div>
  );
}
