import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch, createConfirmedUser, signedIn } from './clients';
import { getTarget, type Target } from './target';

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

async function threeSessions(tag: string) {
  const { email } = await createConfirmedUser(target, tag);
  return Promise.all([signedIn(target, email), signedIn(target, email), signedIn(target, email)]);
}

/** Whether a session can still be refreshed (its refresh token survives only with the session). */
async function alive(session: Awaited<ReturnType<typeof signedIn>>): Promise<boolean> {
  const { error } = await session.client.auth.refreshSession({
    refresh_token: session.session.refresh_token,
  });
  return error === null;
}

describe('sign-out scopes', () => {
  it('others: ends every session but the current one', async () => {
    const [current, second, third] = await threeSessions('others');
    expect((await current.client.auth.signOut({ scope: 'others' })).error).toBeNull();
    expect(await alive(current)).toBe(true);
    expect(await alive(second)).toBe(false);
    expect(await alive(third)).toBe(false);
  });

  it('local: ends only the current session and forgets it locally', async () => {
    const [current, second] = await threeSessions('local');
    expect((await current.client.auth.signOut({ scope: 'local' })).error).toBeNull();
    expect((await current.client.auth.getSession()).data.session).toBeNull();
    expect(await alive(current)).toBe(false);
    expect(await alive(second)).toBe(true);
  });

  it('global (the default): ends every session', async () => {
    const [current, second, third] = await threeSessions('global');
    expect((await current.client.auth.signOut()).error).toBeNull();
    for (const session of [current, second, third]) expect(await alive(session)).toBe(false);
  });

  it('answers 204 with no body, and 400 for an unknown scope', async () => {
    const [current, other] = await threeSessions('raw');
    const headers = { authorization: `Bearer ${current.session.access_token}` };
    const bad = await authFetch(target, '/logout?scope=everything', { method: 'POST', headers });
    expect(bad.status).toBe(400);
    const ok = await authFetch(target, '/logout?scope=local', { method: 'POST', headers });
    expect(ok.status).toBe(204);
    expect(await ok.text()).toBe('');
    expect(await alive(other)).toBe(true);
  });
});
