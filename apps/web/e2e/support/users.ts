import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';

/** The demo users `pnpm dev` seeds (packages/database seed). */
export const ALICE = { email: 'alice@example.com', password: 'password123' };
export const BOB = { email: 'bob@example.com', password: 'password123' };
export const ACME_ID = '00000000-0000-4000-8000-00000000ac3e';

/** A fresh address per test run, so tests never see each other's mail. */
export const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;
export const uniqueTitle = (label: string) => `${label} ${randomUUID().slice(0, 6)}`;

export async function signIn(
  page: Page,
  user: { email: string; password: string },
  path = '/sign-in',
) {
  await page.goto(path);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible();
}

/** Waits until the board's Realtime subscription is live, so changes made elsewhere arrive. */
export async function waitUntilLive(page: Page) {
  await expect(page.locator('[data-live="true"]')).toBeVisible({ timeout: 15_000 });
}

export const itemRow = (page: Page, title: string) =>
  page.getByRole('list', { name: 'Items' }).getByRole('listitem').filter({ hasText: title });

/** A form's outcome message (FormMessage); Next's route announcer also has role=alert. */
export const formAlert = (page: Page) => page.locator('p[role="alert"]');
export const formStatus = (page: Page) => page.locator('p[role="status"]');
