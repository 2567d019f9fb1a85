import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { PASSWORD, signUpAndConfirm } from './support/flows';
import { formAlert, uniqueEmail } from './support/users';

// Against the API's `DELETE /v1/me` ({"confirmation": "<email>"}: 204, or 409 sole_owner listing
// the organizations that need another owner).

test('deleting your account takes a typed confirmation, signs you out and the account is gone', async ({
  page,
}) => {
  const email = uniqueEmail('leaver');
  await signUpAndConfirm(page, email);
  await page.goto('/profile');
  const button = page.getByRole('button', { name: 'Delete account' });
  const confirmation = page.getByLabel(/to confirm/);
  await expect(button).toBeDisabled();
  await confirmation.fill('someone-else@example.com');
  await expect(button).toBeDisabled();
  await confirmation.fill(email);
  await button.click();

  await expect(page).toHaveURL(/\/sign-in\?notice=account-deleted$/);
  await expect(page.getByRole('status')).toContainText('Your account was deleted');
  expect(
    (await page.context().cookies()).some((cookie) => cookie.name.includes('auth-token')),
  ).toBe(false);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/sign-in/);

  // The password no longer signs in.
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(formAlert(page)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the only owner of an organization is told which ones need a new owner first', async ({
  page,
}) => {
  const email = uniqueEmail('founder');
  await signUpAndConfirm(page, email);
  const name = `Solo ${randomUUID().slice(0, 6)}`;
  await page.getByRole('button', { name: /Switch workspace/ }).click();
  await page.getByRole('menuitem', { name: 'New organization' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('URL slug').fill(`solo-${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  await page.goto('/profile');
  await page.getByLabel(/to confirm/).fill(email);
  await page.getByRole('button', { name: 'Delete account' }).click();
  await expect(formAlert(page)).toContainText('only owner');
  const needOwner = page.getByRole('list', { name: 'Organizations that need another owner' });
  await expect(needOwner.getByRole('link', { name })).toHaveAttribute(
    'href',
    /\/orgs\/.+\/settings$/,
  );
  // Nothing was deleted: still signed in, with the organization.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await page.goto('/dashboard');
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible();
});
