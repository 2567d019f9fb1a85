import { LOCAL_DEFAULTS, readLocalEnv as readEnv } from '@repo/local-dev';

export type LocalEnv = Record<keyof typeof LOCAL_DEFAULTS, string> & NodeJS.ProcessEnv;

/**
 * What the dev stack hands to each app: the shell over the repository's .env over the local
 * defaults, read as every other local command reads it (`@repo/local-dev`). The local defaults
 * stay under it even with NODE_ENV=production in the shell: this is a local stack by definition.
 */
export function readLocalEnv(): LocalEnv {
  return { ...LOCAL_DEFAULTS, ...readEnv() } as LocalEnv;
}
