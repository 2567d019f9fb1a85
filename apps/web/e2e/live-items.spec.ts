import { type Browser, expect, type Page, test } from '@playwright/test';
import { signOut, signUpAndConfirm } from './support/flows';
import { linkIn, waitForEmail } from './support/mailbox';
import {
  ACME_ID,
  ALICE,
  BOB,
  formStatus,
  itemRow,
  signIn,
  uniqueEmail,
  uniqueTitle,
  waitUntilLive,
} from './support/users';

async function openAcmeAs(
  browser: Browser,
  user: { email: string; password: string },
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, user);
  await page.goto(`/orgs/${ACME_ID}`);
  await expect(page.getByRole('heading', { name: 'Acme' })).toBeVisible();
  await waitUntilLive(page);
  return page;
}

test('org items: changes by one member appear live for another; a non-member never sees them', async ({
  browser,
}) => {
  const alice = await openAcmeAs(browser, ALICE);
  const bob = await openAcmeAs(browser, BOB);
  const outsider = await (await browser.newContext()).newPage();
  await signUpAndConfirm(outsider, uniqueEmail('outsider'));
  await waitUntilLive(outsider);

  const title = uniqueTitle('Shared plan');
  await alice.getByLabel('New item').fill(title);
  await alice.getByRole('button', { name: 'Add' }).click();
  await expect(itemRow(bob, title)).toBeVisible();

  await alice.getByRole('checkbox', { name: `Mark “${title}” done` }).click();
  await expect(bob.getByRole('checkbox', { name: `Mark “${title}” not done` })).toBeChecked();

  const renamed = `${title} (renamed)`;
  await alice.getByRole('button', { name: title, exact: true }).click();
  await alice.getByLabel(`Rename “${title}”`).fill(renamed);
  await alice.getByLabel(`Rename “${title}”`).press('Enter');
  await expect(itemRow(bob, renamed)).toBeVisible();

  // Bob is a member: he sees Alice's item but may not change it.
  await expect(bob.getByRole('checkbox', { name: `Mark “${renamed}” not done` })).toBeDisabled();

  // The outsider's live dashboard never got it, and the org page does not exist for them.
  await expect(outsider.getByText(renamed)).toHaveCount(0);
  await outsider.goto(`/orgs/${ACME_ID}`);
  await expect(outsider.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(outsider.getByText(renamed)).toHaveCount(0);

  await alice.getByRole('button', { name: `Delete “${renamed}”` }).click();
  await expect(itemRow(alice, renamed)).toHaveCount(0);
  await expect(itemRow(bob, renamed)).toHaveCount(0);
});

test('an optimistic change the API refuses rolls back with a message', async ({ browser }) => {
  const alice = await openAcmeAs(browser, ALICE);
  const title = uniqueTitle('Owner only');
  await alice.getByLabel('New item').fill(title);
  await alice.getByRole('button', { name: 'Add' }).click();
  await expect(itemRow(alice, title)).toBeVisible();

  // Bob is made an admin, so his page lets him edit Alice's item...
  await setBobsRole(alice, 'admin');
  const bob = await openAcmeAs(browser, BOB);
  const checkbox = bob.getByRole('checkbox', { name: `Mark “${title}” done` });
  await expect(checkbox).toBeEnabled();

  // ...but is demoted again while his page is open: the API (RLS) refuses his change.
  await setBobsRole(alice, 'member');
  await checkbox.click();
  await expect(
    bob.getByText('Only the owner, or an admin of its organization, can change this item.'),
  ).toBeVisible();
  await expect(bob.getByRole('checkbox', { name: `Mark “${title}” done` })).not.toBeChecked();
  await bob.reload();
  await expect(bob.getByRole('checkbox', { name: `Mark “${title}” done` })).not.toBeChecked();
});

async function setBobsRole(alice: Page, role: 'admin' | 'member') {
  await alice.goto(`/orgs/${ACME_ID}/settings`);
  await alice.getByLabel('Role of Bob Example').selectOption(role);
  await expect(
    alice.getByText(`Bob Example is now ${role === 'admin' ? 'an admin' : 'a member'}.`),
  ).toBeVisible();
  await alice.goto(`/orgs/${ACME_ID}`);
}

test('offline: an optimistic change rolls back, says the server cannot be reached, and the banner stays until it answers', async ({
  page,
}) => {
  await signIn(page, ALICE);
  await waitUntilLive(page);
  const title = uniqueTitle('Offline');
  await page.getByLabel('New item').fill(title);
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(itemRow(page, title)).toBeVisible();

  // Server Actions post to the page; drop them as a lost connection would.
  await page.route('**/dashboard', (route) =>
    route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.fallback(),
  );
  // The server itself is down too (its static files do not answer either).
  await page.route('**/icon.svg', (route) => route.abort('connectionrefused'));
  await page.getByRole('button', { name: `Delete “${title}”` }).click();
  await expect(page.getByText("Can't reach the server right now.")).toBeVisible();
  await expect(itemRow(page, title)).toBeVisible();
  // The app-wide banner says so, in a live region, until the server answers again.
  const banner = page.getByRole('status').getByText("Can't reach the server.");
  await expect(banner).toBeVisible();
  await page.unrouteAll();
  await expect(banner).toHaveCount(0, { timeout: 15_000 });
});

test('live updates follow the signed-in user when another one signs in in the same tab', async ({
  page,
  browser,
}) => {
  // Bob's personal board goes live, then Alice signs in on the sign-in page sign-out led to:
  // client-side navigations only, so the page's JavaScript (and its socket) lives on.
  await signIn(page, BOB);
  await waitUntilLive(page);
  await signOut(page);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(ALICE.email);
  await page.locator('input[name="password"]').fill(ALICE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Personal' })).toBeVisible();
  await waitUntilLive(page);

  // An item Alice adds in another tab arrives here: the socket now carries Alice's token.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, ALICE);
  const title = uniqueTitle('Second tab');
  await other.getByLabel('New item').fill(title);
  await other.getByRole('button', { name: 'Add' }).click();
  await expect(itemRow(page, title)).toBeVisible();
});

test("a removed member's tab goes quiet: the org's private channel stops at once", async ({
  page,
  browser,
}) => {
  // An owner with a fresh org and a member who joined it from an invitation.
  await signUpAndConfirm(page, uniqueEmail('rt-owner'));
  await page.getByRole('button', { name: /Switch workspace/ }).click();
  await page.getByRole('menuitem', { name: 'New organization' }).click();
  await page.getByLabel('Name').fill('Quiet Team');
  await page.getByLabel('URL slug').fill(`quiet-${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Quiet Team' })).toBeVisible();
  const orgUrl = page.url();
  await page.getByRole('link', { name: 'Organization settings' }).click();
  const memberEmail = uniqueEmail('rt-member');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(memberEmail);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(formStatus(page)).toHaveText(`Invitation sent to ${memberEmail}.`);
  const invitation = await waitForEmail(memberEmail, /Join Quiet Team/);
  const member = await (await browser.newContext()).newPage();
  await member.goto(linkIn(invitation, '/invitations/accept'));
  await member.getByRole('link', { name: 'Create an account' }).click();
  await expect(member).toHaveURL(/\/sign-up\?next=/);
  await signUpAndConfirm(member, memberEmail, {
    from: member.url(),
    lands: /\/invitations\/accept\?token=/,
  });
  await member.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(member.getByRole('heading', { name: 'Quiet Team' })).toBeVisible();
  await waitUntilLive(member);

  // Live while a member: the owner's item arrives on the org's private channel.
  await page.goto(orgUrl);
  const before = uniqueTitle('Before removal');
  await page.getByLabel('New item').fill(before);
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(itemRow(member, before)).toBeVisible();

  // Removed: the member's tab stops being live at once, and later items never reach it.
  await page.goto(`${orgUrl}/settings`);
  await page
    .getByRole('list', { name: 'Members' })
    .locator(`[data-member="${memberEmail}"]`)
    .getByRole('button', { name: /^Remove / })
    .click();
  await expect(page.getByText(/was removed\.$/)).toBeVisible();
  await expect(member.locator('[data-live="true"]')).toHaveCount(0);
  await page.goto(orgUrl);
  const after = uniqueTitle('After removal');
  await page.getByLabel('New item').fill(after);
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(itemRow(page, after)).toBeVisible();
  await expect(itemRow(member, before)).toBeVisible();
  await expect(itemRow(member, after)).toHaveCount(0);
});
