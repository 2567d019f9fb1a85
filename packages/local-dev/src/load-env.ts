/**
 * `node --import @repo/local-dev/load-env …` (tsx too): the repository's `.env` and the local
 * defaults under what the shell sets, before the command's own modules read process.env. Every
 * package script that runs on a developer's machine starts this way.
 */
import { loadLocalEnv } from './local-env.ts';

loadLocalEnv();
