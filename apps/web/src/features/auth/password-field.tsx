import type { ReactNode } from 'react';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

export function PasswordField(props: {
  label?: string;
  autoComplete: 'current-password' | 'new-password';
  hint?: ReactNode;
}) {
  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between">
        <Label htmlFor="password">{props.label ?? 'Password'}</Label>
        {props.hint}
      </div>
      <Input
        id="password"
        name="password"
        type="password"
        autoComplete={props.autoComplete}
        required
      />
    </div>
  );
}
