'use client';

import { LoaderCircle } from 'lucide-react';
import { useFormStatus } from 'react-dom';
import { Button, type ButtonProps } from './ui/button';

/** A form's submit button that shows it is working and cannot be pressed twice. */
export function SubmitButton({ children, pending, ...props }: ButtonProps & { pending?: boolean }) {
  const status = useFormStatus();
  const busy = pending ?? status.pending;
  return (
    <Button type="submit" disabled={busy} aria-busy={busy} {...props}>
      {busy && <LoaderCircle className="animate-spin" aria-hidden />}
      {children}
    </Button>
  );
}
