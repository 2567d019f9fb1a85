import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySupabaseBootstrap, freePort, startEmbeddedPostgres } from '@repo/local-dev';
import postgres from 'postgres';
import { installJobQueue } from '../jobs/install';
import { applyMigrations } from '../migrator/apply';

export interface TestPostgres {
  /** The server's `postgres` database, for creating and dropping test databases. */
  url: string;
  stop(): Promise<void>;
}

/** Migrated once per run; createTestDatabase() copies it for each test file. */
export const TEMPLATE_DATABASE = 'app_template';

/**
 * A throwaway embedded PostgreSQL for a test run: ephemeral port, temporary folder, fsync off.
 * Migrations are applied once to a template database that each test file copies.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const folder = mkdtempSync(join(tmpdir(), 'saas-test-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir: join(folder, 'data'),
    port: await freePort(),
    persistent: false,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  const root = postgres(server.url, { max: 1, onnotice: () => {} });
  await root.unsafe(`create database ${TEMPLATE_DATABASE}`);
  const templateUrl = withDatabase(server.url, TEMPLATE_DATABASE);
  const template = postgres(templateUrl, { max: 1, onnotice: () => {} });
  try {
    await applySupabaseBootstrap(template);
    await applyMigrations(template);
    await installJobQueue(templateUrl);
  } finally {
    await Promise.all([template.end(), root.end()]);
  }

  return {
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
