export { applySupabaseBootstrap } from './bootstrap';
export { findRepoRoot, localPostgresDataDir, localSupabaseDataDir } from './local-data';
export {
  type EmbeddedPostgresOptions,
  freePort,
  type RunningPostgres,
  startEmbeddedPostgres,
} from './postgres';
