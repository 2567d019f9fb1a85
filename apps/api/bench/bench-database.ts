/**
 * The API benchmarks' database: a throwaway embedded PostgreSQL tuned to measure the app rather
 * than the disk (no commit flush waits, no JIT), migrated, with `users` confirmed users of
 * `itemsPerUser` items each and one HS256 token per user. `close()` stops it and deletes it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '@repo/database/migrator';
import { seedUsersAndItems, signTokens } from '@repo/embedded-supabase/bench';
import { freePort, startEmbeddedPostgres } from '@repo/local-dev';
import postgres from 'postgres';

export async function startBenchDatabase(options: {
  /** Start of the temporary folder's name. */
  prefix: string;
  users: number;
  itemsPerUser: number;
  /** The HS256 secret the tokens are signed with. */
  secret: string;
}) {
  const folder = mkdtempSync(join(tmpdir(), options.prefix));
  const dataDir = join(folder, 'data');
  const pg = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    persistent: false,
    settings: { shared_buffers: '512MB', synchronous_commit: 'off', jit: 'off' },
  });
  const sql = postgres(pg.url, { max: 4, onnotice: () => {} });
  const close = async () => {
    await sql.end();
    await pg.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await applyMigrations(sql);
    console.log(`Seeding ${options.users} users x ${options.itemsPerUser} items…`);
    const users = await seedUsersAndItems(sql, options.users, options.itemsPerUser);
    const tokens = await signTokens(users, options.secret);
    return {
      /** Room for other throwaway files (built trees), deleted with the database. */
      folder,
      url: pg.url,
      sql,
      users,
      tokens,
      /** The postmaster's pid, for reading PostgreSQL's CPU from /proc. */
      postmasterPid: () =>
        Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
