/**
 * `pnpm dev`: the whole app on this machine. Uses `supabase start`'s stack when one answers at
 * SUPABASE_URL, otherwise starts the embedded one (no Docker) with data kept in .data/.
 * Ctrl-C, SIGTERM, SIGHUP or the parent process going away stop everything it started.
 */
import { startReaper } from './reaper';
import { onShutdown } from './shutdown';
import { type Stack, startStack } from './stack';

// A rejection a database driver drops (e.g. on a connection killed while it opened) is logged;
// it must not stop the whole stack.
process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection (kept running):', reason);
});

const started = Date.now();
const reaper = startReaper();
const starting = new AbortController();
let stack: Stack | undefined;
let startup: Promise<unknown> = Promise.resolve();

onShutdown(async (reason) => {
  console.log(`\nStopping (${reason})…`);
  starting.abort();
  await startup; // a stack still starting stops what it started, then rejects
  await stack?.stop();
  reaper.close();
  console.log('Stopped.');
});

const pending = startStack({
  log: (line) => console.log(line),
  signal: starting.signal,
  reaper,
});
startup = pending.catch(() => {});
try {
  stack = await pending;
  printReady(stack);
} catch (error) {
  // Aborted: the shutdown in progress reports and exits.
  if (!starting.signal.aborted) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    reaper.close();
    process.exit(1);
  }
}

function printReady(stack: Stack): void {
  const { supabase } = stack;
  const rows = [
    [
      `Supabase (${supabase.kind === 'embedded' ? 'embedded, no Docker' : 'already running'})`,
      supabase.url,
    ],
    ['PostgreSQL', supabase.databaseUrl],
    ['Mail (caught emails)', supabase.mailUrl],
    ['API', `${stack.apiUrl}  (OpenAPI: ${stack.apiUrl}/openapi.json)`],
    ['Web', stack.webUrl ?? '(apps/web not present)'],
  ];
  console.log(`\nReady in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  for (const [name, where] of rows) console.log(`  ${name!.padEnd(34)} ${where}`);
  if (stack.seeded) console.log(`\n  ${stack.seeded}`);
  console.log('\n  Ctrl-C stops everything; data is kept in .data/ (pnpm db:reset wipes it).\n');
}
