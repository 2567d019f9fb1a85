import { createEnv } from '@t3-oss/env-core';
import { databaseEnvShape } from './config';

/** Env for this package's own scripts (db:migrate, db:seed, db:reset, drizzle-kit). */
export const databaseEnv = createEnv({
  server: databaseEnvShape,
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
