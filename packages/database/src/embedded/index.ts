export { applySupabaseBootstrap } from './bootstrap';
export {
  type EmbeddedPostgresOptions,
  freePort,
  type RunningPostgres,
  startEmbeddedPostgres,
} from './postgres';
