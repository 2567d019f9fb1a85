'use server';

import { redirect } from 'next/navigation';
import { authErrorMessage } from '@/lib/auth-errors';
import { type FormState, field } from '@/lib/form-state';
import { siteOrigins } from '@/lib/request-origin';
import { safeNextPath } from '@/lib/safe-next';
import { createSupabaseServerClient } from '@/lib/supabase/server';

export interface Enrollment {
  factorId: string;
  /** A data URL of the QR code's SVG. */
  qrCode: string;
  secret: string;
}

const FRIENDLY_NAME = 'Authenticator app';

/** Starts a TOTP enrolment; an earlier one the user left unconfirmed is dropped first. */
export async function startEnrollment(): Promise<{ enrollment?: Enrollment; error?: string }> {
  const supabase = await createSupabaseServerClient();
  const { data: factors } = await supabase.auth.mfa.listFactors();
  for (const stale of factors?.all.filter((factor) => factor.status === 'unverified') ?? []) {
    await supabase.auth.mfa.unenroll({ factorId: stale.id });
  }
  const { data, error } = await supabase.auth.mfa.enroll({
    factorType: 'totp',
    friendlyName: FRIENDLY_NAME,
  });
  if (error || !data) return { error: authErrorMessage(error) };
  return {
    enrollment: { factorId: data.id, qrCode: data.totp.qr_code, secret: data.totp.secret },
  };
}

/**
 * Confirms an enrolment with its first code; the session becomes aal2. The factor id comes from
 * the browser: Auth only finds the caller's own factors.
 */
export async function confirmEnrollment(factorId: string, code: string): Promise<FormState> {
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.mfa.challengeAndVerify({ factorId, code: code.trim() });
  return error ? { error: authErrorMessage(error) } : {};
}

/** Removes a verified factor (Auth requires an aal2 session for it). */
export async function removeFactor(factorId: string): Promise<FormState> {
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.mfa.unenroll({ factorId });
  return error ? { error: authErrorMessage(error) } : {};
}

/** The second step of signing in: the code of the user's verified authenticator. */
export async function verifySecondFactor(_: FormState, form: FormData): Promise<FormState> {
  const next = safeNextPath(field(form, 'next'), await siteOrigins());
  const supabase = await createSupabaseServerClient();
  const { data: factors, error: listError } = await supabase.auth.mfa.listFactors();
  if (listError) return { error: authErrorMessage(listError) };
  const factor = factors?.totp[0];
  if (!factor) redirect(next);
  const { error } = await supabase.auth.mfa.challengeAndVerify({
    factorId: factor.id,
    code: field(form, 'code'),
  });
  if (error) return { error: authErrorMessage(error) };
  redirect(next);
}
