import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    reporters: ['default', ['junit', { outputFile: 'test-results/junit.xml' }]],
  },
});
