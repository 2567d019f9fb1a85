import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { EMAIL_HINT, EMAIL_PATTERN } from '@/lib/email-address';

/** `deliverable`: for new addresses (sign-up), refuse ones no one can receive mail at (`a@b`). */
export function EmailField(props: { defaultValue?: string; id?: string; deliverable?: boolean }) {
  const id = props.id ?? 'email';
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>Email</Label>
      <Input
        id={id}
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={props.defaultValue}
        placeholder="you@example.com"
        pattern={props.deliverable ? EMAIL_PATTERN : undefined}
        title={props.deliverable ? EMAIL_HINT : undefined}
      />
    </div>
  );
}
