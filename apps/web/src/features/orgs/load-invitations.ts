import 'server-only';
import { dataApi } from '@/lib/supabase/data-api';
import { type OpenInvitation, openInvitations } from './open-invitations';

/** The settings page's open invitations, straight from the Data API under RLS (decision 026). */
export async function loadInvitations(orgId: string): Promise<OpenInvitation[]> {
  return openInvitations(await dataApi(), orgId);
}
