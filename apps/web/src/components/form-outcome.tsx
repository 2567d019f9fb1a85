import { FormMessage } from '@/components/ui/form-message';
import type { FormState } from '@/lib/form-state';

export function FormOutcome({ state }: { state: FormState }) {
  if (state.error) return <FormMessage tone="error">{state.error}</FormMessage>;
  if (state.message) return <FormMessage tone="success">{state.message}</FormMessage>;
  return null;
}
