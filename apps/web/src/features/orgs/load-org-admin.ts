import 'server-only';
import { parseResponse } from 'hono/client';
import { api, pageData } from '@/lib/api';

export async function loadMembers(orgId: string) {
  const client = await api();
  return pageData(parseResponse(client.v1.orgs[':id'].members.$get({ param: { id: orgId } })));
}

export type Member = Awaited<ReturnType<typeof loadMembers>>[number];
