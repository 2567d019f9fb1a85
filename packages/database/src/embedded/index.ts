export { applySupabaseBootstrap } from './bootstrap';
export { findRepoRoot, localSupabaseDataDir } from './local-data';
export {
  freePort,
  type RunningPostgres,
  startEmbeddedPostgres,
} from './postgres';
