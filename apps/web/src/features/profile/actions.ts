'use server';

import { parseResponse } from 'hono/client';
import { refresh } from 'next/cache';
import { api, attempt } from '@/lib/api';
import { type FormState, field } from '@/lib/form-state';

export async function updateProfile(_: FormState, form: FormData): Promise<FormState> {
  const values = { displayName: field(form, 'displayName'), avatarUrl: field(form, 'avatarUrl') };
  const client = await api();
  const result = await attempt(() =>
    parseResponse(
      client.v1.me.profile.$patch({
        json: { displayName: values.displayName, avatarUrl: values.avatarUrl || null },
      }),
    ),
  );
  if (!result.ok) return { error: result.error, values };
  refresh();
  return { message: 'Profile saved.', values };
}
