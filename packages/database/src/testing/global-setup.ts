import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    testPostgresUrl: string;
  }
}

/** Vitest globalSetup: one embedded PostgreSQL (with the migrated template) for the whole run. */
export default async function setup(project: TestProject) {
  const server = await startTestPostgres();
  project.provide('testPostgresUrl', server.url);
  return () => server.stop();
}
