// The repository's .env and the local defaults under the shell, as every local command reads them.
import '@repo/local-dev/load-env';
import { defineConfig } from 'drizzle-kit';
import { databaseEnv } from './src/env';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  // auth.* belongs to Supabase Auth; drizzle-kit only manages the app's public schema.
  schemaFilter: ['public'],
  // anon/authenticated/service_role exist already (Supabase, or sql/supabase-bootstrap.sql).
  entities: { roles: { provider: 'supabase' } },
  dbCredentials: { url: databaseEnv.DATABASE_URL },
  migrations: { schema: 'drizzle', table: '__drizzle_migrations' },
  strict: true,
  verbose: true,
});
