import type { ReactNode } from 'react';
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card';

/** The frame every auth page shares: a title, a line of context, the form, then links. */
export function AuthCard(props: {
  title: string;
  description: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <h1 className="text-xl font-semibold tracking-tight">{props.title}</h1>
          <CardDescription>{props.description}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">{props.children}</CardContent>
      </Card>
      {props.footer && <p className="text-center text-sm text-muted-foreground">{props.footer}</p>}
    </div>
  );
}
