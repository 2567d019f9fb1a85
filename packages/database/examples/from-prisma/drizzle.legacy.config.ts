import type { Config } from 'drizzle-kit';

/**
 * Introspects the legacy app's database (docs/moving-an-existing-app.md, "Introspect the existing database").
 * Copy it to packages/database, run
 *   LEGACY_DATABASE_URL=postgresql://… npx drizzle-kit pull --config drizzle.legacy.config.ts
 * and delete it (and ./legacy-pull) once the schema files are written. The type-only import keeps
 * it runnable from any folder.
 *
 * @public drizzle-kit loads it; nothing imports it.
 */
export default {
  dialect: 'postgresql',
  dbCredentials: { url: process.env.LEGACY_DATABASE_URL! },
  out: './legacy-pull',
  schemaFilter: ['public'],
  // Prisma Migrate's bookkeeping is not part of the app's schema.
  tablesFilter: ['!_prisma_migrations'],
} satisfies Config;
