/**
 * `pnpm dev`: the whole app on this machine. Uses `supabase start`'s stack when one answers at
 * SUPABASE_URL, otherwise starts the embedded one (no Docker) with data kept in .data/.
 */
import { startStack } from './stack';

// A rejection a database driver drops (e.g. on a connection killed while it opened) is logged;
// it must not stop the whole stack.
process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection (kept running):', reason);
});

const started = Date.now();
const stack = await startStack({ log: (line) => console.log(line) }).catch((error: unknown) => {
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

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

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  });
}
