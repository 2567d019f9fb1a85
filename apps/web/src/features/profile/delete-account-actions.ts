'use server';

import { redirect } from 'next/navigation';
import { deleteAccount as deleteAccountCall } from '@/lib/api';
import { field } from '@/lib/form-state';
import { createSupabaseServerClient } from '@/lib/supabase/server';

export interface DeleteAccountState {
  error?: string;
  /** Organizations the user owns alone: each needs another owner before the account can go. */
  organizations?: { id: string; name: string }[];
  values?: { confirmation: string };
}

export async function deleteAccount(
  _: DeleteAccountState,
  form: FormData,
): Promise<DeleteAccountState> {
  const confirmation = field(form, 'confirmation');
  const result = await deleteAccountCall(confirmation);
  if (!result.ok) {
    return {
      error: result.error,
      organizations: 'organizations' in result ? result.organizations : undefined,
      values: { confirmation },
    };
  }
  // The user is gone with their sessions; clear this browser's cookie (Auth may already refuse).
  const supabase = await createSupabaseServerClient();
  await supabase.auth.signOut({ scope: 'local' }).catch(() => undefined);
  redirect('/sign-in?notice=account-deleted');
}
