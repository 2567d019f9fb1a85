import { expect, test } from '@playwright/test';
import { PASSWORD, signUpAndConfirm } from './support/flows';
import { ACME_ID, ALICE, formAlert, signIn, uniqueEmail } from './support/users';

// Against the API's `DELETE /v1/me` ({"confirmation": "<email>"}: 204, or 409 sole_owner listing
// the organizations others belong to that need another owner; organizations the person is alone
// in go with the account).

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

test('the only owner of an organization others belong to is told to hand it over first', async ({
  page,
}) => {
  // Alice is the only owner of Acme, which Bob also belongs to: her account cannot go yet.
  await signIn(page, ALICE);
  await page.goto('/profile');
  await page.getByLabel(/to confirm/).fill(ALICE.email);
  await page.getByRole('button', { name: 'Delete account' }).click();
  await expect(formAlert(page)).toContainText('only owner');
  const needOwner = page.getByRole('list', { name: 'Organizations that need another owner' });
  await expect(needOwner.getByRole('link', { name: 'Acme' })).toHaveAttribute(
    'href',
    `/orgs/${ACME_ID}/settings`,
  );
  // Nothing was deleted: still signed in, with the organization.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await page.goto(`/orgs/${ACME_ID}`);
  await expect(page.getByRole('heading', { name: 'Acme' })).toBeVisible();
});
