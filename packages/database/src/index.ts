// What the API runs: the clients, the query functions, the schema. Migrating (`./migrator`), demo
// data (`./seed`) and the test kit (`./testing`) are entry points of their own.
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
export * from './queries';
export { createRateLimitStore, type RateLimitStore } from './rate-limits';
export { databaseUnavailable } from './rls/unavailable';
export * as schema from './schema';
