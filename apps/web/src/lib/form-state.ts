/** State of a form posted to a Server Action with useActionState. */
export interface FormState {
  error?: string;
  /** Shown after success when the page stays (e.g. "check your email"). */
  message?: string;
  /** What the user typed, so a failed submit does not clear the form. */
  values?: Record<string, string>;
}

export const initialFormState: FormState = {};

/** A text field of a submitted form ('' when absent). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
