export { defaultMigrationsFolder } from './assets';
export type { JwtClaims, RlsRole } from './claims';
export { rlsRoleFor } from './claims';
export {
  createDatabase,
  type Database,
  type DatabaseStats,
  type RlsOptions,
  type RlsTransaction,
  type Schema,
  type Tx,
} from './client';
export {
  connectionUrl,
  type DatabaseConfig,
  type DatabaseEnv,
  databaseConfigFrom,
  databaseEnvShape,
  usesPreparedStatements,
} from './config';
export { findPostgresError, type PostgresErrorFields } from './errors';
export { installJobQueue, JOB_QUEUE_SCHEMA } from './jobs/install';
export { applyMigrations } from './migrations/apply';
export {
  describeMigrationStatus,
  type MigrationStatus,
  migrationStatus,
} from './migrations/status';
export * from './queries';
export { createRateLimitStore, type RateLimitHit, type RateLimitStore } from './rate-limits';
export { ConnectionLostError } from './rls/channel';
export { AcquireTimeoutError } from './rls/transactions';
export { databaseUnavailable, type UnavailableReason } from './rls/unavailable';
export type { MemberRole } from './schema';
export * as schema from './schema';
export { DEMO_PASSWORD, seedDemoData } from './seed/demo';
