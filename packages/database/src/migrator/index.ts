// `@repo/database/migrator`: brings a database to the code's schema and says where it stands.
// Commands call migrate(); applyMigrations() alone is for test fixtures that need no job queue.
export { applyMigrations } from './apply';
export { migrate } from './migrate';
export { describeMigrationStatus, migrationStatus } from './status';
