import type { Hono } from 'hono';
import type { JWTPayload } from 'jose';
import postgres from 'postgres';
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
  databaseUrl: string;
  settings: DataApiSettings;
  verifyJwt(token: string): Promise<JWTPayload>;
  log: (line: string) => void;
}): Promise<DataApi> {
  // Its own pool, as PostgREST has. Values are bound as text and typed by the server, so a JSON
  // filter value or body is sent as the caller wrote it, never JSON-encoded a second time.
  const sql = postgres(options.databaseUrl, {
    max: 10,
    onnotice: () => {},
    types: {
      json: {
        to: 114,
        from: [114, 3802],
        serialize: (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)),
        parse: (value: string) => JSON.parse(value),
      },
    },
  });
  try {
    await installDdlWatch(sql);
    const cache = new SchemaCacheHolder(sql, options.settings.schemas, options.log);
    await Promise.all([cache.get(), cache.listen()]);
    const app = createDataApi({ ...options, sql, cache });
    return {
      app,
      cache,
      close: async () => {
        await cache.close();
        await sql.end({ timeout: 5 });
      },
    };
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
}
