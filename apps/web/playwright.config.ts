import { defineConfig } from '@playwright/test';

/**
 * Two projects in one run: `bundle` checks the production build (secrets, first-load budget);
 * `e2e` drives the system Chromium against the whole stack that e2e/global-setup.ts starts the
 * way `pnpm dev` does. Results go to test-results/*.xml for the repository's test runner.
 */
export default defineConfig({
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results/artifacts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One worker: the machine has two cores, and the stack (Postgres, Auth, API, Next) needs them.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['junit', { outputFile: 'test-results/web.xml' }]],
  projects: [
    { name: 'bundle', testDir: './bundle' },
    {
      name: 'e2e',
      testDir: './e2e',
      use: {
        browserName: 'chromium',
        // Set by global-setup.ts once the stack answers (workers start after it).
        baseURL: process.env.E2E_WEB_URL,
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
        trace: 'retain-on-failure',
        screenshot: 'only-on-failure',
      },
    },
  ],
});
