import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { firstLoadJs } from './build-output';

/** The dashboard's first-load JavaScript, gzipped, must stay under this (kB = 1000 bytes). */
const BUDGET_BYTES = 200_000;

test('dashboard first-load JS stays under the 200 kB (gzip) budget', () => {
  const firstLoad = firstLoadJs('/(app)/dashboard');
  const report = [
    `Dashboard first-load JS: ${(firstLoad.gzipBytes / 1000).toFixed(1)} kB gzip (budget ${BUDGET_BYTES / 1000} kB)`,
    ...firstLoad.files
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .map((file) => `  ${(file.gzipBytes / 1000).toFixed(1).padStart(6)} kB  ${file.path}`),
  ].join('\n');
  console.log(report);
  writeFileSync(
    join(import.meta.dirname, '..', 'test-results', 'first-load-js.txt'),
    `${report}\n`,
  );
  expect(firstLoad.files.length).toBeGreaterThan(3);
  expect(firstLoad.gzipBytes).toBeLessThan(BUDGET_BYTES);
});
