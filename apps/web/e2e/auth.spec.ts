import { expect, test } from '@playwright/test';
import { PASSWORD, signOut, signUpAndConfirm } from './support/flows';
import { linkIn, waitForEmail } from './support/mailbox';
import {
  ALICE,
  formAlert,
  formStatus,
  itemRow,
  signIn,
  uniqueEmail,
  uniqueTitle,
  waitUntilLive,
} from './support/users';

test('sign up, confirm by email, and see an item from one tab appear live in another', async ({
  page,
  context,
}) => {
  const email = uniqueEmail('newcomer');
  await signUpAndConfirm(page, email);
  await expect(page.getByRole('heading', { name: 'Personal' })).toBeVisible();
  await expect(page.getByText('No items yet')).toBeVisible();

  const secondTab = await context.newPage();
  await secondTab.goto('/dashboard');
  await waitUntilLive(secondTab);

  const title = uniqueTitle('First item');
  await page.getByLabel('New item').fill(title);
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(itemRow(page, title)).toBeVisible();
  await expect(itemRow(secondTab, title)).toBeVisible(); // no reload: Realtime

  await secondTab.getByRole('checkbox', { name: `Mark “${title}” done` }).click();
  await expect(page.getByRole('checkbox', { name: `Mark “${title}” not done` })).toBeChecked();

  // Saved for real: a fresh render from the server shows it too.
  await page.reload();
  await expect(page.getByRole('checkbox', { name: `Mark “${title}” not done` })).toBeChecked();
});

test('friendly errors: wrong password, taken address, weak password', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(ALICE.email);
  await page.locator('input[name="password"]').fill('not-her-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(formAlert(page)).toHaveText(/email and password do not match/);
  await expect(page.getByRole('textbox', { name: 'Email', exact: true })).toHaveValue(ALICE.email);

  await page.goto('/sign-up');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(uniqueEmail('weak'));
  await page.locator('input[name="password"]').fill('123');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(formAlert(page)).toHaveText(/Choose a stronger password/);

  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(ALICE.email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(formAlert(page)).toHaveText(/already exists/);
});

test('magic link signs in from the emailed link', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('tab', { name: 'Email link' }).click();
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(ALICE.email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(formStatus(page)).toContainText(`Check ${ALICE.email} for your sign-in link`);

  const email = await waitForEmail(ALICE.email, /sign-in link/);
  const link = linkIn(email, '/auth/confirm');
  await page.goto(link);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible();

  // Links work once: the same link again explains itself instead of signing in.
  await page.goto(link);
  await expect(formAlert(page)).toHaveText(/expired or was already used/);
});

test('forgot password: reset by email, then sign in with the new password', async ({ page }) => {
  const email = uniqueEmail('forgetful');
  await signUpAndConfirm(page, email);
  await signOut(page);

  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(formStatus(page)).toContainText('a reset link is on its way');

  const reset = await waitForEmail(email, /Reset your password/);
  await page.goto(linkIn(reset, '/auth/confirm'));
  await expect(page).toHaveURL(/\/update-password$/);
  await page.getByLabel('New password').fill('a-brand-new-secret');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText('Your password was changed.')).toBeVisible();

  await signOut(page);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(formAlert(page)).toHaveText(/do not match/);
  await signIn(page, { email, password: 'a-brand-new-secret' });
});

test('protected pages send you to sign in and back; sign out ends the session', async ({
  page,
}) => {
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprofile$/);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(ALICE.email);
  await page.locator('input[name="password"]').fill(ALICE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();

  // Signed in, the sign-in page has nothing to offer.
  await page.goto('/sign-in');
  await expect(page).toHaveURL(/\/dashboard$/);

  await signOut(page);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprofile$/);
  expect(
    (await page.context().cookies()).some((cookie) => cookie.name.includes('auth-token')),
  ).toBe(false);
});

test('a `next` pointing at another site is ignored', async ({ page }) => {
  await signIn(page, ALICE, '/sign-in?next=https://evil.example/steal');
  await expect(page).toHaveURL(/\/dashboard$/);
});
