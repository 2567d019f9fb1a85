import { expect, test } from '@playwright/test';
import { signOut, signUpAndConfirm } from './support/flows';
import { linkIn, waitForEmail } from './support/mailbox';
import { formAlert, formStatus, uniqueEmail } from './support/users';

test('invite by email: the invitee signs up from the link, accepts, and becomes a member', async ({
  page,
  browser,
}) => {
  const owner = uniqueEmail('owner');
  await signUpAndConfirm(page, owner);

  // Create an organization from the switcher.
  const slug = `team-${Date.now().toString(36)}`;
  await page.getByRole('button', { name: /Switch workspace/ }).click();
  await page.getByRole('menuitem', { name: 'New organization' }).click();
  await page.getByLabel('Name').fill('Rocket Team');
  await page.getByLabel('URL slug').fill(slug);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Rocket Team' })).toBeVisible();
  const orgUrl = page.url();

  await page.getByRole('link', { name: 'Organization settings' }).click();
  const invitee = uniqueEmail('invitee');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(invitee);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(formStatus(page)).toHaveText(`Invitation sent to ${invitee}.`);
  await expect(page.getByRole('list', { name: 'Open invitations' })).toContainText(invitee);

  // A second invitation is refused with a clear reason, and a revoked one disappears.
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(invitee);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(formAlert(page)).toHaveText('That address already has an open invitation.');
  const revoked = uniqueEmail('revoked');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(revoked);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByRole('button', { name: `Revoke the invitation for ${revoked}` }).click();
  await expect(page.getByRole('list', { name: 'Open invitations' })).not.toContainText(revoked);

  // The invitee, signed out, follows the emailed link, creates an account and comes back.
  const email = await waitForEmail(invitee, /Join Rocket Team/);
  const guest = await (await browser.newContext()).newPage();
  await guest.goto(linkIn(email, '/invitations/accept'));
  await guest.getByRole('link', { name: 'Create an account' }).click();
  await expect(guest).toHaveURL(/\/sign-up\?next=/);
  await signUpAndConfirm(guest, invitee, {
    from: guest.url(),
    lands: /\/invitations\/accept\?token=/,
  });
  await guest.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(guest.getByRole('heading', { name: 'Rocket Team' })).toBeVisible();
  expect(guest.url()).toContain(new URL(orgUrl).pathname);

  // The owner now sees a member, and the invitation is no longer open.
  await page.reload();
  const members = page.getByRole('list', { name: 'Members' });
  await expect(members.locator(`[data-member="${invitee}"]`)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Open invitations' })).toHaveCount(0);

  // The only owner cannot leave: the API's last-owner rule is explained.
  await page.getByRole('button', { name: 'Leave organization' }).click();
  await page.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(page.getByText(/needs at least one owner/)).toBeVisible();
  await page.keyboard.press('Escape');

  // Rename, then the member leaves by themselves.
  await page.getByLabel('Name').first().fill('Rocket Crew');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(formStatus(page)).toHaveText('Saved.');
  await guest.goto(`${new URL(orgUrl).pathname}/settings`);
  await guest.getByRole('button', { name: 'Leave organization' }).click();
  await guest.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(guest).toHaveURL(/\/dashboard/);
  await guest.goto(new URL(orgUrl).pathname);
  await expect(guest.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await signOut(page);
});

test('profile: display name and avatar URL', async ({ page }) => {
  await signUpAndConfirm(page, uniqueEmail('profile'));
  await page.goto('/profile');
  await page.getByLabel('Display name').fill('Grace Hopper');
  // The browser accepts any URL; the API accepts http(s) only and says so.
  await page.getByLabel('Avatar URL').fill('ftp://example.com/grace.png');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(formAlert(page)).toHaveText(
    'Enter a picture address starting with https://, or leave it empty.',
  );

  await page.getByLabel('Avatar URL').fill('https://example.com/grace.png');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(formStatus(page)).toHaveText('Profile saved.');
  await page.reload();
  await expect(page.getByLabel('Display name')).toHaveValue('Grace Hopper');
  await expect(page.getByLabel('Avatar URL')).toHaveValue('https://example.com/grace.png');
  await page.getByRole('button', { name: 'Account menu' }).click();
  await expect(page.getByRole('menu')).toContainText('Grace Hopper');
});
