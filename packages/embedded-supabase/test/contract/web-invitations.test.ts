import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { openInvitations } from '../../../../apps/web/src/features/orgs/open-invitations';
import type { Database } from '../../../../apps/web/src/lib/supabase/database.types';
import { restSuite } from './rest-fixtures';

// The web app's one direct read (decision 026): the settings page's open invitations, with the
// web's own query function, through supabase-js and the Data API. RLS alone decides who sees them.

const world = restSuite();
const as = (client: SupabaseClient) => client as unknown as SupabaseClient<Database>;

describe('the web app’s open invitations read', () => {
  it('shows an org’s open invitations to its owner only: a member and another tenant see none', async () => {
    const [open] = await world.sql<{ id: string }[]>`
      insert into public.invitations (org_id, email, role, token_hash, invited_by)
      values (${world.org.id}, ${`invitee-${world.tag}@example.test`}, 'member',
              ${`hash-open-${world.tag}`}, ${world.owner.id})
      returning id`;
    await world.sql`
      insert into public.invitations (org_id, email, role, token_hash, invited_by, accepted_at)
      values (${world.org.id}, ${`accepted-${world.tag}@example.test`}, 'admin',
              ${`hash-done-${world.tag}`}, ${world.owner.id}, now())`;

    const owner = await openInvitations(as(world.owner.client), world.org.id);
    expect(owner).toEqual([
      {
        id: open!.id,
        email: `invitee-${world.tag}@example.test`,
        role: 'member',
        expiresAt: expect.any(String),
      },
    ]);
    expect(await openInvitations(as(world.member.client), world.org.id)).toEqual([]);
    expect(await openInvitations(as(world.other.client), world.org.id)).toEqual([]);
  });

  it('fails loudly rather than showing an empty list when the Data API refuses', async () => {
    await expect(openInvitations(as(world.anon), world.org.id)).rejects.toThrow(/42501/);
  });
});
