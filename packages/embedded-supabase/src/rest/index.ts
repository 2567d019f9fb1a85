import type { Hono } from 'hono';
import type { JWTPayload } from 'jose';
import type postgres from 'postgres';
import type { DataApiSettings } from '../config';
import { createDataApi } from './app';
import { installDdlWatch, SchemaCacheHolder } from './schema-cache';

export interface DataApi {
  app: Hono;
  cache: SchemaCacheHolder;
  close(): Promise<void>;
}

/** Starts the Data API: DDL watch, schema cache (LISTEN pgrst) and the HTTP app for /rest/v1. */
export async function startDataApi(options: {
  sql: postgres.Sql;
  settings: DataApiSettings;
  verifyJwt(token: string): Promise<JWTPayload>;
  log: (line: string) => void;
}): Promise<DataApi> {
  await installDdlWatch(options.sql);
  const cache = new SchemaCacheHolder(options.sql, options.settings.schemas, options.log);
  await Promise.all([cache.get(), cache.listen()]);
  const app = createDataApi({ ...options, cache });
  return { app, cache, close: () => cache.close() };
}
