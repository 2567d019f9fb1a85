import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { linkIn, waitForEmail } from './mailbox';
import { formStatus } from './users';

export const PASSWORD = 'correct-horse-42';

/** Signs up through the form and confirms through the emailed link; ends signed in at `lands`. */
export async function signUpAndConfirm(
  page: Page,
  email: string,
  options: { from?: string; lands?: RegExp } = {},
) {
  await page.goto(options.from ?? '/sign-up');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(formStatus(page)).toContainText(`Check ${email} for a link to confirm`);
  const confirmation = await waitForEmail(email, /Confirm your email/);
  await page.goto(linkIn(confirmation, '/auth/confirm'));
  await expect(page).toHaveURL(options.lands ?? /\/dashboard$/);
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** Saves a screenshot artifact under test-results/screenshots/. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({
    path: join(import.meta.dirname, '..', '..', 'test-results', 'screenshots', `${name}.png`),
    fullPage: true,
  });
}

/** Creates an organization from the workspace switcher; ends on its page, returning its id. */
export async function createOrg(page: Page, name: string): Promise<string> {
  await page.getByRole('button', { name: /Switch workspace/ }).click();
  await page.getByRole('menuitem', { name: 'New organization' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('URL slug').fill(`org-${randomUUID().slice(0, 8)}`);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  return /\/orgs\/([^/?]+)/.exec(page.url())![1]!;
}

/** Asserts nothing is wider than the viewport (no sideways scrolling). */
export async function expectNoHorizontalOverflow(page: Page, label: string) {
  const { scrollWidth, viewport } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(
    scrollWidth,
    `${label}: page is ${scrollWidth}px wide in a ${viewport}px viewport`,
  ).toBeLessThanOrEqual(viewport);
}
