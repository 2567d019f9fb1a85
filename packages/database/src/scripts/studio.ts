import { type ChildProcess, spawn } from 'node:child_process';
import { databaseEnv } from '../env';
import { withDevDatabase } from './dev-database';

/**
 * `pnpm db:studio`: Drizzle Studio on DATABASE_URL, starting the embedded PostgreSQL first when
 * nothing answers, like the other db:* scripts. Studio's server runs here; its interface is the
 * page https://local.drizzle.studio, loaded from the internet (README, "Scripts").
 */
let studio: ChildProcess | undefined;
// Stopping (Ctrl-C, SIGTERM) ends drizzle-kit first; then the PostgreSQL started here is stopped.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => studio?.kill('SIGTERM'));
}

const code = await withDevDatabase(
  databaseEnv.DATABASE_URL,
  () =>
    new Promise<number>((resolve) => {
      studio = spawn('drizzle-kit', ['studio', ...process.argv.slice(2)], { stdio: 'inherit' });
      studio.on('error', (error) => {
        console.error(`Could not start drizzle-kit: ${error.message}`);
        resolve(1);
      });
      // Ended by a signal is how a studio session normally ends.
      studio.on('exit', (exitCode, signal) => resolve(signal ? 0 : (exitCode ?? 0)));
    }),
);
process.exit(code);
