import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  bystandersUnderLock,
  type KillFigures,
  killBackendsWhileConnecting,
  restartPostgresUnderLoad,
  terminateEveryConnection,
} from './faults/scenarios';
import { type FaultStack, startFaultStack } from './faults/stack';

/**
 * The API process against database faults: its own PostgreSQL is killed, restarted and locked
 * under load. Timings here are functional bounds (a hang, a crash), not benchmarks.
 */
let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack();
}, 120_000);
afterAll(() => stack?.close());

function expectSurvived(figures: KillFigures) {
  expect(figures.apiAlive).toBe(true);
  expect(figures.unexpected).toEqual([]); // every answer is 2xx or 503
  expect(figures.noAnswer).toBe(0);
  expect(figures.missingRetryAfter).toBe(0);
  expect(figures.lostWrites).toBe(0);
  expect(figures.foreignRows).toBe(0);
  expect(figures.acknowledgedWrites).toBeGreaterThan(0);
  expect(stack.logs.filter((line) => line.includes('unhandled rejection'))).toEqual([]);
}

describe('the API process under database faults', () => {
  test('backends killed while connections start: no crash, only 2xx or 503, nothing lost', async () => {
    const figures = await killBackendsWhileConnecting(stack);
    expect(figures.backendsKilled).toBeGreaterThan(0);
    expectSurvived(figures);
  }, 120_000);

  test('every API connection terminated mid-request, repeatedly', async () => {
    const figures = await terminateEveryConnection(stack);
    expect(figures.backendsKilled).toBeGreaterThan(0);
    expectSurvived(figures);
  }, 120_000);

  test('PostgreSQL restarted under load: 503 while down, readiness tells the truth, recovery', async () => {
    const figures = await restartPostgresUnderLoad(stack);
    expectSurvived({ ...figures, backendsKilled: 0 });
    expect(figures.byStatus['503']).toBeGreaterThan(0);
    expect(Object.keys(figures.readyzWhileDown)).toEqual(['503']);
    expect(figures.recoveryMs).toBeLessThan(30_000);
  }, 120_000);

  test('a row lock held elsewhere: bystanders read fast, the waiting user gets 409/503, no hang', async () => {
    const figures = await bystandersUnderLock(stack);
    expect(figures.bystanderReads).toBeGreaterThan(0);
    expect(figures.bystanderFailures).toBe(0);
    expect(figures.bystanderMaxMs).toBeLessThan(2_000);
    // Each either gave up with a clear code or, once the lock was gone, went through.
    for (const status of Object.keys(figures.waitingStatuses)) {
      expect(['409 row_locked', '503 database_unavailable', '200']).toContain(status);
    }
    expect(figures.waitingStatuses['409 row_locked']).toBeGreaterThan(0);
    expect(figures.waitingMaxMs).toBeLessThan(10_000);
  }, 60_000);
});
