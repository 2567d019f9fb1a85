import { fileURLToPath } from 'node:url';

/** The drizzle-kit migrations this code ships with (packages/database/migrations). */
export const defaultMigrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Where drizzle's migrator records what it applied (drizzle-kit's defaults, named explicitly). */
export const migrationsTable = { schema: 'drizzle', table: '__drizzle_migrations' } as const;
