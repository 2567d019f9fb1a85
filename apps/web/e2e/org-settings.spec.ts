import { expect, type Locator, type Page, test } from '@playwright/test';
import { screenshot, signOut, signUpAndConfirm } from './support/flows';
import { linkIn, waitForEmail } from './support/mailbox';
import { BOB, formAlert, formStatus, signIn, uniqueEmail } from './support/users';

// Each case walks a whole flow across two browsers on a shared machine.
test.slow();

/** Fills a field, again if hydration reset it (a controlled input rendered before its script ran). */
async function fillAndKeep(field: Locator, value: string) {
  await expect(async () => {
    await field.fill(value);
    await expect(field).toHaveValue(value, { timeout: 1_000 });
  }).toPass();
}

const switcher = (page: Page) => page.getByRole('button', { name: /Switch workspace/ });

/** The org switcher's entries, as its menu lists them (opened, read, closed). */
async function switcherOrgs(page: Page): Promise<string[]> {
  await switcher(page).click();
  const items = page.getByRole('menuitem');
  await expect(items.first()).toBeVisible();
  const names = (await items.allInnerTexts()).map((text) => text.trim());
  await page.keyboard.press('Escape');
  return names;
}

test('membership changes reach the switcher and open tabs; ownership moves; the owner deletes', async ({
  page,
  browser,
}) => {
  // Creating an org: the switcher selects and lists it at once, no reload.
  await signUpAndConfirm(page, uniqueEmail('founder'));
  const orgName = `Crew ${Date.now().toString(36)}`;
  await switcher(page).click();
  await page.getByRole('menuitem', { name: 'New organization' }).click();
  await fillAndKeep(page.getByLabel('Name'), orgName);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: orgName })).toBeVisible();
  await expect(switcher(page)).toHaveAccessibleName(`Workspace: ${orgName}. Switch workspace`);
  expect(await switcherOrgs(page)).toContain(orgName);
  const orgPath = new URL(page.url()).pathname;

  // Accepting an invitation: Bob's switcher shows the org he joined, no reload.
  await page.getByRole('link', { name: 'Organization settings' }).click();
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(BOB.email);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(formStatus(page)).toHaveText(`Invitation sent to ${BOB.email}.`);
  const invitation = await waitForEmail(BOB.email, new RegExp(`Join ${orgName}`));
  const bob = await (await browser.newContext()).newPage();
  await signIn(bob, BOB);
  expect(await switcherOrgs(bob)).not.toContain(orgName);
  await bob.goto(linkIn(invitation, '/invitations/accept'));
  await bob.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(bob.getByRole('heading', { name: orgName })).toBeVisible();
  await expect(switcher(bob)).toHaveAccessibleName(`Workspace: ${orgName}. Switch workspace`);

  // The owner hands the org to Bob after confirming, and stays on as admin.
  await page.reload();
  await page.getByLabel('New owner').selectOption({ label: `Bob Example (${BOB.email})` });
  await page.getByRole('button', { name: 'Transfer ownership' }).click();
  await expect(page.getByRole('dialog')).toContainText('Make Bob Example the owner?');
  await page.getByRole('button', { name: 'Transfer', exact: true }).click();
  await expect(page.getByText(`Bob Example now owns ${orgName}. You are an admin.`)).toBeVisible();
  await expect(page.getByText(`You are an admin of ${orgName}.`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete organization' })).toHaveCount(0);

  // Bob removes the former owner, whose open tab still shows the org: their next change is
  // refused, and the tab leaves the org's pages with a message saying why.
  await page.goto(orgPath);
  await expect(page.getByRole('heading', { name: orgName })).toBeVisible();
  await bob.goto(`${orgPath}/settings`);
  await bob.getByRole('button', { name: /^Remove / }).click();
  await expect(bob.getByText(/ was removed\.$/)).toBeVisible();
  await page.getByLabel('New item').fill('Written after removal');
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(
    page.getByText(`You no longer have access to ${orgName}: you were removed from it`, {
      exact: false,
    }),
  ).toBeVisible();
  expect(await switcherOrgs(page)).not.toContain(orgName);

  // Deleting takes the org's exact name; then Bob is back on his dashboard without it.
  await bob.getByRole('button', { name: 'Delete organization' }).click();
  const confirm = bob.getByRole('button', { name: 'Delete this organization' });
  await expect(confirm).toBeDisabled();
  await fillAndKeep(bob.getByLabel(/to confirm/), orgName.toUpperCase());
  await expect(confirm).toBeDisabled();
  await fillAndKeep(bob.getByLabel(/to confirm/), orgName);
  await screenshot(bob, 'org-settings-delete-dialog');
  await confirm.click();
  await expect(bob).toHaveURL(/\/dashboard$/);
  await expect(bob.getByText(`${orgName} was deleted.`)).toBeVisible();
  expect(await switcherOrgs(bob)).not.toContain(orgName);
  await bob.goto(orgPath);
  await expect(bob.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

test('profile: change the password in place, then the email through both confirmation links', async ({
  page,
}) => {
  const oldEmail = uniqueEmail('mover');
  await signUpAndConfirm(page, oldEmail);
  await page.goto('/profile');

  const newPassword = 'another-horse-77';
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await signOut(page);
  await signIn(page, { email: oldEmail, password: newPassword });

  await page.goto('/profile');
  const newEmail = uniqueEmail('moved');
  await page.getByLabel('New email').fill(newEmail);
  await page.getByRole('button', { name: 'Change email' }).click();
  await expect(formStatus(page)).toContainText(`follow the links we sent to ${newEmail}`);
  await screenshot(page, 'profile-email-change-sent');

  // Nothing changes until both links are followed (double_confirm_changes).
  const toOld = await waitForEmail(oldEmail, /Confirm your new email/);
  await page.goto(linkIn(toOld, '/auth/confirm'));
  await expect(page).toHaveURL(/\/profile\?email=pending$/);
  await expect(page.getByText('One link confirmed.', { exact: false })).toBeVisible();
  await expect(page.getByText(`You sign in with ${oldEmail}.`)).toBeVisible();

  const toNew = await waitForEmail(newEmail, /Confirm your new email/);
  await page.goto(linkIn(toNew, '/auth/confirm'));
  await expect(page).toHaveURL(/\/profile\?email=changed$/);
  await expect(page.getByText('Your email address is changed.', { exact: false })).toBeVisible();
  await expect(page.getByText(`You sign in with ${newEmail}.`)).toBeVisible();

  // The new address and the new password sign in; the old address no longer does.
  await signOut(page);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(oldEmail);
  await page.locator('input[name="password"]').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(formAlert(page)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(newEmail);
  await page.locator('input[name="password"]').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard/, { timeout: 30_000 });
});
