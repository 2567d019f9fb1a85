import { expect, type Page, test } from '@playwright/test';
import { createOrg, expectNoHorizontalOverflow, PASSWORD, signUpAndConfirm } from './support/flows';
import {
  ACME_ID,
  ALICE,
  BOB,
  formAlert,
  itemRow,
  signIn,
  uniqueEmail,
  uniqueTitle,
  waitUntilLive,
} from './support/users';

// Each test walks several pages with fresh accounts; a loaded two-core machine needs the room.
test.describe.configure({ timeout: 180_000 });

const PHONE = { width: 320, height: 720 };
const LONG_URL = `https://example.com/${'a-very-long-path-segment/'.repeat(3)}?utm_source=${'x'.repeat(12)}`;
const LONG_TITLE = `${'Unbroken'.repeat(24)}TitleEnd`.slice(0, 200);

async function addItem(page: Page, title: string) {
  await page.getByLabel('New item').fill(title);
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(itemRow(page, title.slice(0, 40))).toBeVisible();
}

test('landing page: hero, features, pricing and footer for visitors; signed in, / is the dashboard', async ({
  page,
}) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ship your team product');
  await expect(page.getByRole('heading', { name: 'What is already done' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pricing' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText('SaaS Starter');
  await page.getByRole('link', { name: 'Get started' }).first().click();
  await expect(page).toHaveURL(/\/sign-up$/);

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize(PHONE);
    await page.goto('/');
    await expect(page.locator('html')).toHaveClass(new RegExp(colorScheme));
    await expectNoHorizontalOverflow(page, `landing ${colorScheme}`);
  }

  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, ALICE);
  await page.goto('/');
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('320 px, whatever the data: long URLs and 200-character titles wrap, a long org name keeps the account menu in view', async ({
  page,
}) => {
  await signUpAndConfirm(page, uniqueEmail('narrow'));
  const orgName = 'Northwind Research Laboratories International';
  const orgId = await createOrg(page, orgName);
  await addItem(page, LONG_URL);
  await addItem(page, LONG_TITLE);
  await page.goto('/dashboard');
  await addItem(page, LONG_URL);

  await page.setViewportSize(PHONE);
  for (const path of ['/dashboard', `/orgs/${orgId}`, `/orgs/${orgId}/settings`, '/profile']) {
    await page.goto(path);
    await expect(page.getByRole('button', { name: 'Account menu' })).toBeInViewport({ ratio: 1 });
    await expectNoHorizontalOverflow(page, path);
  }
  // The whole title stays readable (wrapped), and the org's full name is one hover away.
  await page.goto(`/orgs/${orgId}`);
  await expect(itemRow(page, LONG_URL)).toContainText(LONG_URL);
  await expect(page.getByRole('button', { name: /Switch workspace/ })).toHaveAttribute(
    'title',
    orgName,
  );
  await expect(page.getByLabel('New item')).toBeInViewport();
});

test('errors are written for people: a damaged invitation link, inviting yourself, a@b at sign-up', async ({
  page,
}) => {
  const email = uniqueEmail('wording');
  await signUpAndConfirm(page, email);
  await page.goto('/invitations/accept?token=too-short');
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(formAlert(page)).toHaveText(/^This invitation link is incomplete or damaged\./);
  await expect(page.locator('body')).not.toContainText(/Too small|expected string|>=/);

  await page.goto('/dashboard');
  await createOrg(page, uniqueTitle('Self'));
  await page.getByRole('link', { name: 'Organization settings' }).click();
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(formAlert(page)).toHaveText(/cannot invite your own address/);
  await expect(page.getByRole('list', { name: 'Open invitations' })).toHaveCount(0);

  await page.context().clearCookies();
  await page.goto('/sign-up');
  const field = page.getByRole('textbox', { name: 'Email', exact: true });
  await field.fill('a@b');
  await page.locator('input[name="password"]').fill('correct-horse-42');
  await page.getByRole('button', { name: 'Create account' }).click();
  // The browser refuses it before sending...
  expect(await field.evaluate((input: HTMLInputElement) => input.validity.patternMismatch)).toBe(
    true,
  );
  await expect(page).toHaveURL(/\/sign-up$/);
  // ...and so does the server when the form's check is bypassed.
  await field.evaluate((input: HTMLInputElement) => input.removeAttribute('pattern'));
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(formAlert(page)).toHaveText('Enter a full email address, like name@example.com.');
});

test('an avatar that fails to load shows initials; a member sees why a teammate’s item is read-only', async ({
  page,
}) => {
  await signIn(page, BOB);
  await page.goto('/profile');
  const previous = await page.getByLabel('Avatar URL').inputValue();
  // Port 9 (discard) on this machine: the image cannot load, and nothing leaves the machine.
  await page.getByLabel('Avatar URL').fill('http://127.0.0.1:9/missing.png');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.reload();
  const avatar = page.getByRole('button', { name: 'Account menu' }).locator('[data-avatar]');
  await expect(avatar).toHaveAttribute('data-avatar', 'initials');
  await expect(avatar).toHaveAttribute('data-initials', 'BE');
  await expect(avatar).toBeVisible();
  await expect(avatar.locator('img')).toHaveCount(0);
  await page.getByLabel('Avatar URL').fill(previous);
  await page.getByRole('button', { name: 'Save profile' }).click();

  await page.goto(`/orgs/${ACME_ID}`);
  const checkbox = page.getByRole('checkbox', { name: 'Mark “Shared with Acme” done' });
  await expect(checkbox).toBeDisabled();
  await expect(checkbox).toHaveAccessibleDescription(
    'Only the owner, or an admin of its organization, can change this item.',
  );
  await expect(checkbox.locator('xpath=..')).toHaveAttribute('title', /Only the owner/);
  // His own item stays editable, with no such hint.
  const own = page.getByRole('checkbox', { name: "Mark “Bob's team item” done" });
  await expect(own).toBeEnabled();
  await expect(own).toHaveAccessibleDescription('');
});

test('not-found pages answer 404: unknown paths, orgs you are not in, malformed ids', async ({
  page,
}) => {
  // Signed out, every page but the public ones leads to sign-in first.
  await signIn(page, ALICE);
  for (const path of [
    '/no-such-page',
    '/orgs/3f0c8a5e-2a4b-4c1d-9e8f-0a1b2c3d4e5f',
    '/orgs/not-an-id',
    '/orgs/3f0c8a5e-2a4b-4c1d-9e8f-0a1b2c3d4e5f/settings',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  }
  expect((await page.goto(`/orgs/${ACME_ID}`))?.status()).toBe(200);
});

test('a session that no longer exists (account gone, as after db:reset) sends an open tab to sign in', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('vanished');
  await signUpAndConfirm(page, email);
  await waitUntilLive(page);

  // The same person, elsewhere, deletes the account: this tab still holds its cookies.
  const elsewhere = await (await browser.newContext()).newPage();
  await signIn(elsewhere, { email, password: 'correct-horse-42' });
  await elsewhere.goto('/profile');
  await elsewhere.getByLabel(/to confirm/).fill(email);
  await elsewhere.getByRole('button', { name: 'Delete account' }).click();
  await expect(elsewhere).toHaveURL(/\/sign-in/);

  await page.getByLabel('New item').fill(uniqueTitle('Orphan'));
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByText("Can't reach the server")).toHaveCount(0);
});

test('submitting shows pending and cannot be doubled; a slow page shows a skeleton', async ({
  page,
}) => {
  await signUpAndConfirm(page, uniqueEmail('pending'));
  await createOrg(page, uniqueTitle('Pending'));
  await page.getByRole('link', { name: 'Organization settings' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  const settings = page.url();

  // Hold the Server Action's request until the button has been checked.
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let posts = 0;
  await page.route(settings, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    posts += 1;
    await held;
    await route.fallback();
  });
  const invitee = uniqueEmail('invitee');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(invitee);
  const send = page.getByRole('button', { name: 'Send invitation' });
  await send.click();
  await expect(send).toBeDisabled();
  await expect(send).toHaveAttribute('aria-busy', 'true');
  await send.click({ force: true });
  await send.press('Enter');
  release();
  await expect(page.getByRole('list', { name: 'Open invitations' })).toContainText(invitee);
  expect(posts).toBe(1);
  await page.unroute(settings);

  // A slow server render: the route's skeleton shows until the page arrives.
  let releasePage!: () => void;
  const pageHeld = new Promise<void>((resolve) => {
    releasePage = resolve;
  });
  // Prefetches (which bring the loading skeleton) pass; the page's own render is held.
  const isPrefetch = (headers: Record<string, string>) =>
    Boolean(headers['next-router-prefetch'] || headers['next-router-segment-prefetch']);
  await page.route('**/profile**', async (route) => {
    if (!isPrefetch(route.request().headers())) await pageHeld;
    await route.fallback();
  });
  const prefetched = page.waitForResponse(
    (response) => response.url().includes('/profile') && isPrefetch(response.request().headers()),
  );
  await page.getByRole('button', { name: 'Account menu' }).click();
  await prefetched;
  await page.getByRole('menuitem', { name: 'Profile' }).click();
  await expect(page.getByRole('status', { name: 'Loading' })).toBeVisible();
  releasePage();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
});

test('offline: the app says so, and nothing it needs comes from the internet', async ({ page }) => {
  const outside: string[] = [];
  page.on('request', (request) => {
    const { hostname, protocol } = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(hostname) && !['data:', 'blob:'].includes(protocol)) {
      outside.push(request.url());
    }
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (/ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED/.test(message.text())) {
      consoleErrors.push(message.text());
    }
  });
  for (const path of ['/', '/sign-in', '/sign-up', '/forgot-password']) await page.goto(path);
  await signIn(page, ALICE);
  await waitUntilLive(page);
  for (const path of [`/orgs/${ACME_ID}`, `/orgs/${ACME_ID}/settings`, '/profile']) {
    await page.goto(path);
  }
  await page.goto('/dashboard');
  await waitUntilLive(page);

  expect(outside, 'requests that left the machine').toEqual([]);
  expect(consoleErrors, 'network errors while online').toEqual([]);

  await page.context().setOffline(true);
  // Announced (inside a live region) and shown.
  const banner = page.getByRole('status').getByText('You are offline');
  await expect(banner).toBeVisible();
  await page.context().setOffline(false);
  await expect(banner).toHaveCount(0);
});

test('load more: the next page shows as skeleton rows until it arrives, then joins the list', async ({
  page,
}) => {
  await signUpAndConfirm(page, uniqueEmail('pages'));
  const title = (n: number) => `Paged item ${String(n).padStart(2, '0')}`;
  const input = page.getByLabel('New item');
  // One more item than a page holds (20).
  for (let n = 1; n <= 21; n++) {
    await input.fill(title(n));
    await input.press('Enter');
  }
  const rows = page.getByRole('list', { name: 'Items' }).getByRole('listitem');
  const loadMore = page.getByRole('button', { name: 'Load more' });
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(20, { timeout: 2_000 });
    await expect(loadMore).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(itemRow(page, title(1))).toHaveCount(0); // the oldest is on the next page

  // Hold the Server Action that fetches the next page.
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/dashboard', async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.fallback();
  });
  await loadMore.click();
  const skeleton = page.getByRole('status', { name: 'Loading more items' });
  await expect(skeleton).toBeVisible();
  await expect(page.getByRole('button', { name: 'Loading…' })).toHaveAttribute('aria-busy', 'true');
  release();
  await expect(itemRow(page, title(1))).toBeVisible();
  await expect(rows).toHaveCount(21);
  await expect(skeleton).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Load more|Loading…/ })).toHaveCount(0);
  await page.unrouteAll();
});

test('a page the API rate-limits says so, and what to do, instead of a generic failure', async ({
  page,
}) => {
  const email = uniqueEmail('hasty');
  await signUpAndConfirm(page, email);
  // Spend this user's request budget (600 a minute) straight against the API.
  const grant = await fetch(`${process.env.E2E_SUPABASE_URL}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: {
      apikey: process.env.E2E_SUPABASE_PUBLISHABLE_KEY ?? '',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const { access_token: token } = (await grant.json()) as { access_token: string };
  const statuses = new Set<number>();
  for (let batch = 0; batch < 32 && !statuses.has(429); batch++) {
    const answers = await Promise.all(
      Array.from({ length: 25 }, () =>
        fetch(`${process.env.E2E_API_URL}/v1/me`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    for (const answer of answers) statuses.add(answer.status);
  }
  expect([...statuses]).toContain(429);

  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'You are going a bit fast' })).toBeVisible();
  await expect(page.getByText('Wait a minute, then try again.')).toBeVisible();
});
