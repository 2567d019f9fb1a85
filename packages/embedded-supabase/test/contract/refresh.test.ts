import { AuthApiError } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch, createConfirmedUser, signedIn, userClient } from './clients';
import { getTarget, type Target } from './target';

let target: Target;
let sql: postgres.Sql;
beforeAll(async () => {
  // A short reuse window keeps the embedded run fast; a real stack keeps its own (10 s locally).
  target = await getTarget({ embedded: { auth: { refreshTokenReuseInterval: 2 } } });
  sql = postgres(target.dbUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
  await target.stop();
});

async function refresh(refreshToken: string) {
  return userClient(target).auth.refreshSession({ refresh_token: refreshToken });
}

async function newSession(tag: string) {
  const { email } = await createConfirmedUser(target, tag);
  return (await signedIn(target, email)).session;
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

describe('refresh tokens (rotation and reuse, docs/supabase-compatibility.md §1.4)', () => {
  it('rotates: a new token in the same session, the old one revoked and recorded as parent', async () => {
    const first = await newSession('rotate');
    const { data, error } = await refresh(first.refresh_token);
    expect(error).toBeNull();
    const second = data.session!;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token).session_id).toBe(
      decodeJwt(first.access_token).session_id,
    );

    const rows = await sql`
      select token, revoked, parent from auth.refresh_tokens
      where token in ${sql([first.refresh_token, second.refresh_token])}`;
    expect(rows.find((r) => r.token === first.refresh_token)).toMatchObject({ revoked: true });
    expect(rows.find((r) => r.token === second.refresh_token)).toMatchObject({
      revoked: false,
      parent: first.refresh_token,
    });
  });

  it('hands back the same child when the parent is presented again (lost response)', async () => {
    const first = await newSession('replay');
    const child = (await refresh(first.refresh_token)).data.session!;
    const again = await refresh(first.refresh_token);
    expect(again.error).toBeNull();
    expect(again.data.session!.refresh_token).toBe(child.refresh_token);
  });

  it('issues a fresh child for an older token inside the reuse window', async () => {
    const first = await newSession('window');
    const second = (await refresh(first.refresh_token)).data.session!;
    const third = (await refresh(second.refresh_token)).data.session!;
    const reused = await refresh(first.refresh_token);
    expect(reused.error).toBeNull();
    expect([first, second, third].map((s) => s.refresh_token)).not.toContain(
      reused.data.session!.refresh_token,
    );
  });

  it('refuses reuse after the window with refresh_token_already_used and revokes the family', async () => {
    const first = await newSession('family');
    const second = (await refresh(first.refresh_token)).data.session!;
    await refresh(second.refresh_token);
    await sleep(target.refreshTokenReuseInterval + 1);

    const { error } = await refresh(first.refresh_token);
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'refresh_token_already_used',
      message: 'Invalid Refresh Token: Already Used',
    });
    const sessionId = decodeJwt(first.access_token).session_id as string;
    const live = await sql`
      select count(*)::int as n from auth.refresh_tokens where session_id = ${sessionId} and not revoked`;
    expect(live[0]!.n).toBe(0);
  });

  it('says refresh_token_not_found for an unknown token, and invalid_request for none', async () => {
    const { error } = await refresh('abcdefghijkl');
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });

    const response = await authFetch(target, '/token?grant_type=refresh_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' },
      body: JSON.stringify({ refresh_token: '' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'refresh_token required',
    });
  });

  it('refreshes the stored session through the client (refreshSession without arguments)', async () => {
    const { email } = await createConfirmedUser(target, 'client-refresh');
    const { client, session } = await signedIn(target, email);
    const { data, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    expect(data.session!.refresh_token).not.toBe(session.refresh_token);
    expect((await client.auth.getSession()).data.session!.access_token).toBe(
      data.session!.access_token,
    );
  });
});
