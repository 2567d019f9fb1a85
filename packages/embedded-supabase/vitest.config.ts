import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['junit', { outputFile: 'test-results/junit.xml' }]],
    projects: [
      // Code-level tests beside the code they prove.
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      // The wire contract, through the official clients; SUPABASE_URL points it at a real stack.
      { extends: true, test: { name: 'contract', include: ['test/contract/**/*.test.ts'] } },
      // What only the embedded stack has: data folder lock, persistence, start-up rules, signing keys.
      { extends: true, test: { name: 'embedded', include: ['test/embedded/**/*.test.ts'] } },
    ],
  },
});
