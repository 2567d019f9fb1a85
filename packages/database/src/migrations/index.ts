// `@repo/database/migrator`: brings a database to the code's schema and says where it stands.
export { applyMigrations } from './apply';
export { describeMigrationStatus, migrationStatus } from './status';
