'use server';

import type { Provider } from '@supabase/supabase-js';
import { redirect } from 'next/navigation';
import { env } from '@/env';
import { authCodeMessage, authErrorMessage } from '@/lib/auth-errors';
import { EMAIL_HINT, isDeliverableEmail } from '@/lib/email-address';
import { type FormState, field } from '@/lib/form-state';
import { siteOrigins } from '@/lib/request-origin';
import { safeNextPath } from '@/lib/safe-next';
import { SECOND_FACTOR_PATH, secondFactorPending } from '@/lib/supabase/second-factor';
import { createSupabaseServerClient } from '@/lib/supabase/server';

/** Where the user goes after signing in, and the absolute URL auth emails should lead back to. */
async function destination(form: FormData) {
  const origins = await siteOrigins();
  const next = safeNextPath(field(form, 'next'), origins);
  return { next, emailRedirect: new URL(next, origins[0]).toString(), origins };
}

const password = (form: FormData) => String(form.get('password') ?? '');

export async function signInWithPassword(_: FormState, form: FormData): Promise<FormState> {
  const email = field(form, 'email');
  const { next } = await destination(form);
  const supabase = await createSupabaseServerClient();
  const { data, error } = await supabase.auth
    .signInWithPassword({ email, password: password(form) })
    .catch((thrown: unknown) => ({ data: null, error: thrown }));
  if (error) return { error: authErrorMessage(error), values: { email } };
  // A password is one factor (aal1). Going to the code step here, rather than leaving it to the
  // proxy's redirect of the page fetch, puts /mfa in the address bar.
  if (secondFactorPending({ aal: 'aal1' }, data?.session ?? undefined)) {
    redirect(`${SECOND_FACTOR_PATH}?next=${encodeURIComponent(next)}`);
  }
  redirect(next);
}

export async function signUp(_: FormState, form: FormData): Promise<FormState> {
  const email = field(form, 'email');
  if (!isDeliverableEmail(email)) return { error: EMAIL_HINT, values: { email } };
  const { next, emailRedirect } = await destination(form);
  const supabase = await createSupabaseServerClient();
  const result = await supabase.auth
    .signUp({ email, password: password(form), options: { emailRedirectTo: emailRedirect } })
    .catch((thrown: unknown) => ({ data: null, error: thrown }));
  if (result.error) return { error: authErrorMessage(result.error), values: { email } };
  // Confirmations off (local default): signed in already.
  if (result.data?.session) redirect(next);
  // With confirmations on, Auth hides whether the address is taken by returning a user without
  // identities instead of an error.
  if (result.data?.user?.identities?.length === 0) {
    return { error: authCodeMessage('user_already_exists'), values: { email } };
  }
  return { message: `Check ${email} for a link to confirm your address.`, values: { email } };
}

export async function sendMagicLink(_: FormState, form: FormData): Promise<FormState> {
  const email = field(form, 'email');
  const { emailRedirect } = await destination(form);
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth
    .signInWithOtp({ email, options: { emailRedirectTo: emailRedirect, shouldCreateUser: false } })
    .catch((thrown: unknown) => ({ error: thrown }));
  if (error) return { error: authErrorMessage(error), values: { email } };
  return { message: `Check ${email} for your sign-in link.`, values: { email } };
}

export async function requestPasswordReset(_: FormState, form: FormData): Promise<FormState> {
  const email = field(form, 'email');
  const [origin] = await siteOrigins();
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth
    .resetPasswordForEmail(email, { redirectTo: new URL('/update-password', origin).toString() })
    .catch((thrown: unknown) => ({ error: thrown }));
  if (error) return { error: authErrorMessage(error), values: { email } };
  // Same answer whether or not the address has an account (no account enumeration).
  return { message: `If ${email} has an account, a reset link is on its way.`, values: { email } };
}

export async function updatePassword(_: FormState, form: FormData): Promise<FormState> {
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth
    .updateUser({ password: password(form) })
    .catch((thrown: unknown) => ({ error: thrown }));
  if (error) return { error: authErrorMessage(error) };
  redirect('/dashboard?password=updated');
}

export async function signInWithOAuth(_: FormState, form: FormData): Promise<FormState> {
  const provider = field(form, 'provider');
  if (!env().AUTH_PROVIDERS.includes(provider))
    return { error: authCodeMessage('provider_disabled') };
  const { next, origins } = await destination(form);
  const callback = new URL('/auth/callback', origins[0]);
  callback.searchParams.set('next', next);
  const supabase = await createSupabaseServerClient();
  const { data, error } = await supabase.auth
    .signInWithOAuth({
      provider: provider as Provider,
      options: { redirectTo: callback.toString() },
    })
    .catch((thrown: unknown) => ({ data: null, error: thrown }));
  if (error || !data?.url) return { error: authErrorMessage(error) };
  redirect(data.url);
}

export async function signOut(): Promise<void> {
  const supabase = await createSupabaseServerClient();
  // Local scope: this browser only. It clears the cookie even when Auth cannot be reached.
  await supabase.auth.signOut({ scope: 'local' }).catch(() => undefined);
  redirect('/sign-in');
}
