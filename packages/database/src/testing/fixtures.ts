import { test as base } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database';
import { createWorld, type World } from './world';

/**
 * `test` for the RLS suites: `t` is a migrated database for the whole file, `w` a fresh cast of
 * users, org and items for each test, so every test starts from the same known state.
 */
export const rlsTest = base.extend<{ t: TestDatabase; w: World }>({
  t: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads fixture dependencies from this pattern
    async ({}, use) => {
      const t = await createTestDatabase();
      await use(t);
      await t.drop();
    },
    { scope: 'file' },
  ],
  w: async ({ t }, use) => {
    await use(await createWorld(t.sql));
  },
});
