/**
 * `pnpm --filter @repo/api faults`: the fault scenarios of test/faults.test.ts against a real API
 * process and its own embedded PostgreSQL, printing the figures docs/reliability.md records:
 * 5xx answers, lost acknowledged writes, rows of another user, recovery after a restart and
 * bystanders' latency while another user's writes wait on a row lock. Nothing asserts here.
 */
import {
  bystandersUnderLock,
  killBackendsWhileConnecting,
  type LoadFigures,
  restartPostgresUnderLoad,
  terminateEveryConnection,
} from '../test/faults/scenarios';
import { startFaultStack } from '../test/faults/stack';

const stack = await startFaultStack();
const fiveXX = (figures: LoadFigures) =>
  Object.entries(figures.byStatus)
    .filter(([status]) => status.startsWith('5'))
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ') || 'none';
const summary = (figures: LoadFigures) =>
  `${figures.requests} requests, 5xx: ${fiveXX(figures)}, other non-2xx: ${figures.unexpected.length}, ` +
  `no answer: ${figures.noAnswer}, writes acknowledged ${figures.acknowledgedWrites} / lost ${figures.lostWrites}, ` +
  `rows of another user: ${figures.foreignRows}`;
try {
  const young = await killBackendsWhileConnecting(stack);
  console.log(
    `kill backends while connecting (4 s): ${young.backendsKilled} killed; ${summary(young)}; ` +
      `API alive: ${young.apiAlive}; ready again after ${young.readyAfterMs} ms`,
  );
  const all = await terminateEveryConnection(stack);
  console.log(
    `terminate every API connection x6: ${all.backendsKilled} killed; ${summary(all)}; ` +
      `API alive: ${all.apiAlive}; ready again after ${all.readyAfterMs} ms`,
  );
  const restart = await restartPostgresUnderLoad(stack);
  console.log(
    `restart PostgreSQL under load (down 2 s): ${summary(restart)}; API alive: ${restart.apiAlive}; ` +
      `/readyz while down: ${JSON.stringify(restart.readyzWhileDown)}; ` +
      `first 2xx ${Math.round(restart.recoveryMs)} ms and /readyz 200 ${restart.readyAfterMs} ms after PostgreSQL is back`,
  );
  const lock = await bystandersUnderLock(stack);
  console.log(
    `row lock held 5 s, 20 PATCHes waiting: bystander reads ${lock.bystanderReads}, p50 ${lock.bystanderP50Ms} ms, ` +
      `max ${lock.bystanderMaxMs} ms, failed ${lock.bystanderFailures}; waiting user: ` +
      `${JSON.stringify(lock.waitingStatuses)}, slowest ${lock.waitingMaxMs} ms`,
  );
  const unhandled = stack.logs.filter((line) => line.includes('unhandled rejection')).length;
  console.log(`unhandled rejections logged by the API: ${unhandled}`);
} finally {
  await stack.close();
}
