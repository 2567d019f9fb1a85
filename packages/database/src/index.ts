export type { JwtClaims } from './claims';
export {
  createDatabase,
  type Database,
  type Tx,
} from './client';
export {
  connectionUrl,
  databaseConfigFrom,
  databaseEnvShape,
  usesPreparedStatements,
} from './config';
export { findPostgresError } from './errors';
export { installJobQueue, JOB_QUEUE_SCHEMA } from './jobs/install';
export { applyMigrations } from './migrations/apply';
export {
  describeMigrationStatus,
  migrationStatus,
} from './migrations/status';
export * from './queries';
export { createRateLimitStore, type RateLimitStore } from './rate-limits';
export { databaseUnavailable } from './rls/unavailable';
export * as schema from './schema';
export { seedDemoData } from './seed/demo';
