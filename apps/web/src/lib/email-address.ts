/**
 * Supabase Auth accepts any address of the form GoTrue's checkmail.ValidateFormat allows, which
 * includes `a@b` (no dot in the domain): no such address receives mail on the internet, so a
 * sign-up with one could never be confirmed. We also require a dotted domain ending in a top-level
 * label of two or more letters. One rule for the form's `pattern` attribute and the server.
 */
export const EMAIL_PATTERN =
  "[a-zA-Z0-9.!#$%&'*+\\/=?^_`\\{\\|\\}~\\-]+@(?:[a-zA-Z0-9](?:[a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}";

/** Compiled as the browser compiles a `pattern` attribute: whole value, `v` flag. */
const DELIVERABLE = new RegExp(`^(?:${EMAIL_PATTERN})$`, 'v');

export const EMAIL_HINT = 'Enter a full email address, like name@example.com.';

export function isDeliverableEmail(email: string): boolean {
  return email.length <= 254 && DELIVERABLE.test(email);
}
