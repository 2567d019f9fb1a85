import type { TestProject } from 'vitest/node';
import './provided-context';
import { startTestPostgres } from './postgres';

/** Vitest globalSetup: one embedded PostgreSQL (with the migrated template) for the whole run. */
export default async function setup(project: TestProject) {
  const server = await startTestPostgres();
  project.provide('testPostgresUrl', server.url);
  return () => server.stop();
}
