import { expect, type Page, test } from '@playwright/test';
import { ACME_ID, ALICE, signIn } from './support/users';

/** Requests Supabase Auth has received (the embedded gateway's count, an embedded-only route). */
async function authRequests(): Promise<number> {
  const response = await fetch(`${process.env.E2E_SUPABASE_URL}/_embedded/requests`);
  return ((await response.json()) as { auth: number }).auth;
}

async function view(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible();
}

test('signed-in page views verify the session from the JWKS: zero requests to Auth', async ({
  page,
}) => {
  await signIn(page, ALICE);
  // The first views may fetch the public keys once (the proxy, pages and API each cache them).
  await view(page, '/dashboard');
  await view(page, '/profile');

  const before = await authRequests();
  // Pages whose data comes from the API and the Data API. (The profile page is left out: it asks
  // Auth for the user's authenticators, a data need of that page, not session verification.)
  const org = `/orgs/${ACME_ID}`;
  for (const path of ['/dashboard', org, `${org}/settings`, '/dashboard?again=1']) {
    await view(page, path);
  }
  // With an HS256 token, getClaims() would have called /auth/v1/user on every view.
  expect(await authRequests()).toBe(before);
});
