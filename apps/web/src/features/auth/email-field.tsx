import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

export function EmailField(props: { defaultValue?: string; id?: string }) {
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
      />
    </div>
  );
}
