import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { screenshot } from './support/flows';
import { ACME_ID, ALICE, signIn } from './support/users';

const SIGNED_OUT = [
  ['landing', '/'],
  ['sign-in', '/sign-in'],
  ['sign-up', '/sign-up'],
  ['forgot-password', '/forgot-password'],
  ['auth-error', '/auth/error'],
  ['not-found', '/no-such-page'],
  ['invitation-signed-out', '/invitations/accept?token=abcdefghijklmnopqrstuvwxyz'],
] as const;
const SIGNED_IN = [
  ['dashboard', '/dashboard'],
  ['org-items', `/orgs/${ACME_ID}`],
  ['org-settings', `/orgs/${ACME_ID}/settings`],
  ['profile', '/profile'],
  ['update-password', '/update-password'],
  ['invitation-signed-in', '/invitations/accept?token=abcdefghijklmnopqrstuvwxyz'],
] as const;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const THEMES = ['light', 'dark'] as const;

/** axe-core's WCAG 2.x A/AA rules and best practices: the serious and critical findings. */
async function blockingViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary}`),
    }));
}

/** Audits and photographs every page; fails once, listing every finding. */
async function auditPages(
  page: Page,
  pages: readonly (readonly [string, string])[],
  size: keyof typeof SIZES,
  theme: (typeof THEMES)[number],
) {
  await page.setViewportSize(SIZES[size]);
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
  const findings: Record<string, Awaited<ReturnType<typeof blockingViolations>>> = {};
  for (const [name, path] of pages) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveClass(new RegExp(theme));
    await page.waitForLoadState('networkidle');
    const blocking = await blockingViolations(page);
    if (blocking.length > 0) findings[name] = blocking;
    await screenshot(page, `a11y/${name}-${size}-${theme}`);
  }
  expect(findings, 'serious or critical accessibility violations').toEqual({});
}

for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
  for (const theme of THEMES) {
    test(`every signed-out page passes the audit (${size}, ${theme})`, async ({ page }) => {
      test.setTimeout(300_000);
      await auditPages(page, SIGNED_OUT, size, theme);
    });

    test(`every signed-in page passes the audit (${size}, ${theme})`, async ({ page }) => {
      test.setTimeout(300_000);
      await signIn(page, ALICE);
      await auditPages(page, SIGNED_IN, size, theme);
    });
  }
}

test('keyboard only: focus is visible, dialogs trap focus and Escape gives it back', async ({
  page,
}) => {
  await signIn(page, ALICE);
  await page.goto('/dashboard');
  // Tab reaches the workspace switcher with a visible focus ring.
  const switcher = page.getByRole('button', { name: /Switch workspace/ });
  for (
    let i = 0;
    i < 10 && !(await switcher.evaluate((el) => el === document.activeElement));
    i++
  ) {
    await page.keyboard.press('Tab');
  }
  await expect(switcher).toBeFocused();
  const ring = await switcher.evaluate((el) => getComputedStyle(el).boxShadow);
  expect(ring, 'focus ring').not.toBe('none');

  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'New organization' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New organization' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Name')).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement)), `tab ${i}`).toBe(
      true,
    );
  }
  await page.keyboard.press('Shift+Tab');
  expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});
