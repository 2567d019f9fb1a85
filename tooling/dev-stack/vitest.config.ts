import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each case starts the whole stack (PostgreSQL, Auth, API, Next.js dev) and waits 15 s after
    // stopping it.
    testTimeout: 900_000,
    hookTimeout: 60_000,
    reporters: ['default', ['junit', { outputFile: 'test-results/junit.xml' }]],
  },
});
