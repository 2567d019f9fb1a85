#!/usr/bin/env node
// `pnpm test`: every check a change must pass, in order, with one summary at the end:
// lint (Biome, then sherif for workspace consistency and knip for dead exports, files and unused
// dependencies), typecheck (tsc, every package), then each package's tests (one at a time: the
// suites start databases and browsers, and this machine has two cores). Test counts come from the
// JUnit files each package writes to <package>/test-results/; the last line is `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preflight } from './preflight.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packages = ['apps', 'packages', 'tooling']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.scripts?.test);

const suites = [];
const started = Date.now();

// Node.js, Chromium, PgBouncer: found (or installed) in seconds, or stop before running anything.
const ready = preflight(root);
if (ready.problem) {
  console.error(`\n${ready.problem}\n`);
  writeSummary('0 passed, 1 failed');
  process.exit(1);
}
Object.assign(process.env, ready.env); // turbo passes them on (globalPassThroughEnv)

suites.push(check('lint', ['biome', 'check', '.']));
suites.push(check('sherif', ['sherif']));
suites.push(check('knip', ['knip']));
suites.push(
  check('typecheck', ['turbo', 'run', 'typecheck', '--concurrency=2', '--output-logs=errors-only']),
);

for (const { dir } of packages) rmSync(join(dir, 'test-results'), { recursive: true, force: true });
const tests = run(['turbo', 'run', 'test', '--concurrency=1', '--continue']);
for (const { dir, manifest } of packages) suites.push(junitSuite(dir, manifest.name, tests.status));
// A package whose test command failed without a failing test in its files still failed.
if (tests.status !== 0 && !suites.some((s) => s.failed)) {
  suites.push({
    name: 'test commands',
    passed: 0,
    failed: 1,
    note: 'a test command exited non-zero',
  });
}

const passed = suites.reduce((sum, s) => sum + s.passed, 0);
const failed = suites.reduce((sum, s) => sum + s.failed, 0);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(`\nTest summary (${minutes} min)`);
for (const s of suites) {
  console.log(
    `  ${s.failed ? 'FAIL' : 'ok  '}  ${s.name.padEnd(28)} ${s.passed} passed, ${s.failed} failed${s.note ? `  (${s.note})` : ''}`,
  );
  // Named here so the end of a CI log says which test to look at.
  for (const failure of s.failures ?? []) console.log(`          ✗ ${failure}`);
}
const empty = passed + failed === 0;
const line = `${passed} passed, ${empty ? 1 : failed} failed`;
writeSummary(line);
console.log(empty ? '\nNo test ran: that counts as a failure.' : '');
console.log(line);
process.exit(failed || empty ? 1 : 0);

/** The last line, also kept in test-results/summary.txt for CI (pnpm prints after us). */
function writeSummary(line) {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results', 'summary.txt'), `${line}\n`);
}

function run(args) {
  return spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--no-install', ...args], {
    cwd: root,
    stdio: 'inherit',
  });
}

/** A whole command counted as one test (lint, sherif, knip, typecheck). */
function check(name, args) {
  const ok = run(args).status === 0;
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
}

/** A package's tests, counted from its JUnit files; no file after a failed run is one failure. */
function junitSuite(dir, name, turboStatus) {
  const folder = join(dir, 'test-results');
  const files = existsSync(folder)
    ? readdirSync(folder)
        .filter((file) => file.endsWith('.xml'))
        .map((file) => join(folder, file))
    : [];
  if (files.length === 0) {
    return {
      name,
      passed: 0,
      failed: 1,
      note: `no JUnit results in ${relative(root, folder)}${turboStatus ? '; the run failed' : ''}`,
    };
  }
  let passed = 0;
  let skipped = 0;
  const failures = [];
  for (const file of files) {
    for (const [, attributes, body] of readFileSync(file, 'utf8').matchAll(
      /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g,
    )) {
      if (/<(failure|error)\b/.test(body ?? '')) failures.push(testName(attributes));
      else if (/<skipped\b/.test(body ?? '')) skipped++;
      else passed++;
    }
  }
  const failed = failures.length;
  // A suite whose files hold no test (a global setup that failed, a crash before the first test)
  // proved nothing: it counts as a failure, not as an empty success.
  if (passed + failed + skipped === 0) {
    return { name, passed: 0, failed: 1, note: 'no test ran (see its output above)' };
  }
  // A skipped test proves nothing; it counts against the run.
  return {
    name,
    passed,
    failed: failed + skipped,
    note: skipped ? `${skipped} skipped` : undefined,
    failures,
  };
}

/** `file > test name` from a JUnit testcase's attributes, XML entities decoded. */
function testName(attributes) {
  const attribute = (key) =>
    (attributes.match(new RegExp(`\\b${key}="([^"]*)"`))?.[1] ?? '')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  return [attribute('classname'), attribute('name')].filter(Boolean).join(' > ');
}
