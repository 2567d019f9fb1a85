/**
 * The reaper (see reaper.ts): reads process group ids from stdin, one a line; when stdin closes
 * (the dev stack exited, cleanly or not) stops each group still alive, then exits.
 */
import { createInterface } from 'node:readline';
import { stopProcessGroup } from './process-group';

const groups = new Set<number>();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const pgid = Number(line);
  if (Number.isInteger(pgid) && pgid > 1) groups.add(pgid);
});
lines.on('close', async () => {
  await Promise.all([...groups].map((pgid) => stopProcessGroup(pgid)));
  process.exit(0);
});
// Signals meant for the terminal's foreground group do not reach a detached process; a hangup of
// the session it left behind must not stop it before it has done its job either.
process.on('SIGHUP', () => {});
