import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Unit tests beside the code (src/**\/*.test.ts); the browser tests are Playwright's (e2e/). */
export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // `server-only` throws outside Next's server build; these tests are server code.
      'server-only': fileURLToPath(new URL('./src/lib/testing/server-only.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', ['junit', { outputFile: 'test-results/unit.xml' }]],
  },
});
