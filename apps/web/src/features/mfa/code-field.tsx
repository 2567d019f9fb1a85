import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/** The 6-digit code of an authenticator app; one-time-code lets phones offer it. */
export function CodeField({ id = 'code' }: { id?: string }) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>Code from your authenticator app</Label>
      <Input
        id={id}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        placeholder="123456"
      />
    </div>
  );
}
