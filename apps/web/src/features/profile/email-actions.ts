'use server';

import { z } from 'zod';
import { authErrorMessage } from '@/lib/auth-errors';
import { type FormState, field } from '@/lib/form-state';
import { siteOrigins } from '@/lib/request-origin';
import { createSupabaseServerClient } from '@/lib/supabase/server';

const Email = z.email();

/**
 * Starts Auth's email change: Auth mails a confirmation link to the new address and, with
 * double_confirm_changes (supabase/config.toml), one to the current address; the address changes
 * once both are followed. The links lead to /auth/confirm, then back to the profile.
 */
export async function changeEmail(_: FormState, form: FormData): Promise<FormState> {
  const email = field(form, 'email').toLowerCase();
  const values = { email };
  if (!Email.safeParse(email).success) {
    return { error: 'Enter an email address such as name@example.com.', values };
  }
  const supabase = await createSupabaseServerClient();
  const [origin] = await siteOrigins();
  const { error } = await supabase.auth
    .updateUser({ email }, { emailRedirectTo: new URL('/profile', origin).toString() })
    .catch((thrown: unknown) => ({ error: thrown }));
  if (error) return { error: authErrorMessage(error), values };
  return {
    message: `Almost done: follow the links we sent to ${email} and to your current address. Your email stays the same until you do.`,
    values,
  };
}
