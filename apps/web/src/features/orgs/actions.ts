'use server';

import { parseResponse } from 'hono/client';
import { refresh, revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { type ActionResult, done } from '@/lib/action-result';
import { api, attempt } from '@/lib/api';
import { type FormState, field } from '@/lib/form-state';
import { MEMBER_ROLES } from './roles';

const Id = z.uuid();
const Role = z.enum(MEMBER_ROLES);
const invalid = { ok: false, error: 'That request was not valid.' } as const;

/** FormState from an ActionResult, keeping what was typed when it failed. */
const toFormState = (
  result: ActionResult<unknown>,
  values: Record<string, string>,
  message?: string,
): FormState => (result.ok ? { message } : { error: result.error, values });

export async function createOrganization(_: FormState, form: FormData): Promise<FormState> {
  const values = { name: field(form, 'name'), slug: field(form, 'slug') };
  const client = await api();
  const result = await attempt(() => parseResponse(client.v1.orgs.$post({ json: values })));
  if (!result.ok) return toFormState(result, values);
  revalidatePath('/', 'layout'); // the org switcher in the layout lists the new org
  redirect(`/orgs/${result.data.id}`);
}

export async function renameOrganization(_: FormState, form: FormData): Promise<FormState> {
  const id = field(form, 'orgId');
  const values = { name: field(form, 'name'), slug: field(form, 'slug') };
  if (!Id.safeParse(id).success) return { error: invalid.error };
  const client = await api();
  const result = await attempt(() =>
    parseResponse(client.v1.orgs[':id'].$patch({ param: { id }, json: values })),
  );
  if (result.ok) refresh();
  return toFormState(result, values, 'Saved.');
}

export async function changeMemberRole(
  orgId: string,
  userId: string,
  role: string,
): Promise<ActionResult> {
  const parsed = Role.safeParse(role);
  if (!Id.safeParse(orgId).success || !Id.safeParse(userId).success || !parsed.success)
    return invalid;
  const client = await api();
  const result = await attempt(() =>
    parseResponse(
      client.v1.orgs[':id'].members[':userId'].$patch({
        param: { id: orgId, userId },
        json: { role: parsed.data },
      }),
    ),
  );
  if (result.ok) refresh();
  return result.ok ? done : result;
}

export async function removeMember(orgId: string, userId: string): Promise<ActionResult> {
  if (!Id.safeParse(orgId).success || !Id.safeParse(userId).success) return invalid;
  const client = await api();
  const result = await attempt(() =>
    parseResponse(
      client.v1.orgs[':id'].members[':userId'].$delete({ param: { id: orgId, userId } }),
    ),
  );
  if (result.ok) refresh();
  return result.ok ? done : result;
}

/** Leaving is removing yourself; afterwards the org is gone from view, so go home. */
export async function leaveOrganization(orgId: string, myUserId: string): Promise<ActionResult> {
  const result = await removeMember(orgId, myUserId);
  if (!result.ok) return result;
  revalidatePath('/', 'layout');
  redirect('/dashboard?left=1');
}

export async function inviteMember(_: FormState, form: FormData): Promise<FormState> {
  const id = field(form, 'orgId');
  const values = {
    email: field(form, 'email'),
    role: field(form, 'role') === 'admin' ? 'admin' : 'member',
  } as const;
  if (!Id.safeParse(id).success) return { error: invalid.error };
  const client = await api();
  const result = await attempt(() =>
    parseResponse(client.v1.orgs[':id'].invitations.$post({ param: { id }, json: values })),
  );
  if (result.ok) refresh();
  return toFormState(result, values, `Invitation sent to ${values.email}.`);
}

export async function revokeInvitation(orgId: string, invitationId: string): Promise<ActionResult> {
  if (!Id.safeParse(orgId).success || !Id.safeParse(invitationId).success) return invalid;
  const client = await api();
  const result = await attempt(() =>
    parseResponse(
      client.v1.orgs[':id'].invitations[':invitationId'].$delete({
        param: { id: orgId, invitationId },
      }),
    ),
  );
  if (result.ok) refresh();
  return result.ok ? done : result;
}

export async function acceptInvitation(_: FormState, form: FormData): Promise<FormState> {
  const token = field(form, 'token');
  const client = await api();
  const result = await attempt(() =>
    parseResponse(client.v1.invitations.accept.$post({ json: { token } })),
  );
  if (!result.ok) return { error: result.error };
  revalidatePath('/', 'layout'); // the org switcher in the layout lists the joined org
  redirect(`/orgs/${result.data.orgId}?joined=1`);
}
