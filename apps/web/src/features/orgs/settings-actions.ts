'use server';

import { parseResponse } from 'hono/client';
import { refresh, revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionResult, done } from '@/lib/action-result';
import { api, attempt } from '@/lib/api';

const Id = z.uuid();
const invalid = { ok: false, error: 'That request was not valid.' } as const;

/** Codes these owner-only actions meet, in the product's words. */
function explain<T>(result: ActionResult<T>): ActionResult<T> {
  if (result.ok) return result;
  switch (result.code) {
    case 'insufficient_aal':
      return {
        ...result,
        error: 'This needs your second factor: verify with your authenticator app, then try again.',
      };
    case 'forbidden':
      return { ...result, error: 'Only an owner of this organization can do that.' };
    default:
      return result;
  }
}

/**
 * Deletes an org the caller owns. The typed name is checked here as well as in the form, so a
 * replayed or scripted call cannot skip the confirmation. The layout (org switcher) is
 * revalidated; the form then leaves the org's pages.
 */
export async function deleteOrganization(
  orgId: string,
  confirmation: string,
): Promise<ActionResult> {
  if (!Id.safeParse(orgId).success || typeof confirmation !== 'string') return invalid;
  const client = await api();
  const org = await attempt(() =>
    parseResponse(client.v1.orgs[':id'].$get({ param: { id: orgId } })),
  );
  if (!org.ok) return org;
  if (confirmation.trim() !== org.data.name) {
    return {
      ok: false,
      code: 'confirmation',
      error: `Type “${org.data.name}” exactly to confirm.`,
    };
  }
  const result = await attempt(() =>
    parseResponse(client.v1.orgs[':id'].$delete({ param: { id: orgId } })),
  );
  if (!result.ok) return explain(result);
  revalidatePath('/', 'layout');
  return done;
}

/** Makes another member the owner; the caller stays on as admin. */
export async function transferOwnership(orgId: string, userId: string): Promise<ActionResult> {
  if (!Id.safeParse(orgId).success || !Id.safeParse(userId).success) return invalid;
  const client = await api();
  const result = await attempt(() =>
    parseResponse(
      client.v1.orgs[':id'].ownership.$post({ param: { id: orgId }, json: { userId } }),
    ),
  );
  if (!result.ok) return explain(result);
  refresh();
  return done;
}

/**
 * The caller's role in an org now, or null when they are no longer a member (removed, left in
 * another tab, or the org was deleted). Open org pages ask this to follow membership changes.
 */
export async function myRoleIn(orgId: string): Promise<ActionResult<string | null>> {
  if (!Id.safeParse(orgId).success) return invalid;
  const client = await api();
  const result = await attempt(() =>
    parseResponse(client.v1.orgs[':id'].$get({ param: { id: orgId } })),
  );
  if (result.ok) return { ok: true, data: result.data.role };
  if (result.code === 'not_found') {
    revalidatePath('/', 'layout');
    return { ok: true, data: null };
  }
  return result;
}
