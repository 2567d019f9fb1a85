import { expect, type Page, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { PASSWORD, signOut, signUpAndConfirm } from './support/flows';
import { formAlert, formStatus, uniqueEmail } from './support/users';

/** What an authenticator app shows `steps` 30-second steps from now. */
const codeFor = (secret: string, steps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });

async function signInWithPassword(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('enrol an authenticator, then sign in with password and a code; remove it again', async ({
  page,
}) => {
  const email = uniqueEmail('mfa');
  await signUpAndConfirm(page, email);

  await page.goto('/profile');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const qr = page.getByRole('img', { name: /QR code/ });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Code from your authenticator app').fill(codeFor(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(formStatus(page)).toContainText('Your authenticator app is set up');

  await signOut(page);
  await signInWithPassword(page, email);
  // The sign-in goes to the code step, and the address bar says so.
  await expect(page).toHaveURL(/\/mfa\?next=%2Fdashboard$/);
  await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
  // The first factor alone opens nothing else.
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/mfa\?next=%2Fprofile$/);

  await page.getByLabel('Code from your authenticator app').fill(codeFor(secret, -5));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(formAlert(page)).toHaveText(/That code did not work/);

  // The set-up used this step's code, and a code works once: the next step's is still accepted.
  await page.getByLabel('Code from your authenticator app').fill(codeFor(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();

  await page.getByRole('button', { name: 'Remove authenticator app' }).click();
  await expect(formStatus(page)).toContainText('Authenticator app removed');
  await signOut(page);
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible();
});
