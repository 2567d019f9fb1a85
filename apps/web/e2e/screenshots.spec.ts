import { expect, test } from '@playwright/test';
import { screenshot } from './support/flows';
import { ACME_ID, ALICE, signIn, waitUntilLive } from './support/users';

test('screens: sign-in, dashboard light and dark, phone width, members and invitations, profile', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
  // No AUTH_PROVIDERS in this environment: no OAuth buttons either.
  await expect(page.getByText('or continue with')).toHaveCount(0);
  await screenshot(page, 'sign-in');

  await signIn(page, ALICE);
  await waitUntilLive(page);
  await expect(page.getByRole('list', { name: 'Items' })).toBeVisible();
  await page.getByRole('button', { name: 'Change theme' }).click();
  await page.getByRole('menuitem', { name: 'Light' }).click();
  await expect(page.locator('html')).toHaveClass(/light/);
  await screenshot(page, 'dashboard-light');

  await page.getByRole('button', { name: 'Change theme' }).click();
  await page.getByRole('menuitem', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await screenshot(page, 'dashboard-dark');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/orgs/${ACME_ID}`);
  await waitUntilLive(page);
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(pageWidth, 'nothing overflows sideways at phone width').toBeLessThanOrEqual(390);
  await screenshot(page, 'org-items-phone');

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Change theme' }).click();
  await page.getByRole('menuitem', { name: 'Light' }).click();
  await page.goto(`/orgs/${ACME_ID}/settings`);
  await expect(page.getByRole('list', { name: 'Members' })).toContainText('bob@example.com');
  await screenshot(page, 'org-members-invitations');

  await page.goto('/profile');
  await expect(page.getByLabel('Display name')).toHaveValue('Alice Example');
  await screenshot(page, 'profile');
});
