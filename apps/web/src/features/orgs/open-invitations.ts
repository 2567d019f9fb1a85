import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../../lib/supabase/database.types';

export interface OpenInvitation {
  id: string;
  email: string;
  role: Database['public']['Enums']['member_role'];
  expiresAt: string;
}

/**
 * An org's open (not accepted) invitations, newest first, read through the Data API: the
 * invitations policy shows them to the org's owners and admins only, so anyone else gets none.
 */
export async function openInvitations(
  client: SupabaseClient<Database>,
  orgId: string,
): Promise<OpenInvitation[]> {
  const { data, error } = await client
    .from('invitations')
    .select('id, email, role, expires_at')
    .eq('org_id', orgId)
    .is('accepted_at', null)
    .order('created_at', { ascending: false });
  if (error) throw new Error(`Loading invitations failed: ${error.code} ${error.message}`);
  return data.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: row.expires_at,
  }));
}
