/**
 * What only a developer's machine and the test runs use, kept out of the packages that ship: a
 * real PostgreSQL without Docker, shaped like Supabase's (roles, `auth` schema, publication), and
 * where the repository keeps its local data. Nothing that runs in production imports this.
 */
export { freePort, type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';
export { LOCAL_DEFAULTS, loadLocalEnv, readLocalEnv } from './local-env';
export { findRepoRoot, localPostgresDataDir, localSupabaseDataDir } from './repo-paths';
export { applySupabaseBootstrap } from './supabase-bootstrap';
