/** Where drizzle's migrator records what it applied (drizzle-kit's defaults, named explicitly). */
export const migrationsTable = { schema: 'drizzle', table: '__drizzle_migrations' } as const;
