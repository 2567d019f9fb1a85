import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds `migrations/` and `sql/`: this package's root when run from source. A
 * bundle (apps/api's container build) sits one folder below copies of both (`dist/…` beside
 * `migrations/` and `sql/`), so the same relative path finds them there.
 */
const assetsRoot = fileURLToPath(new URL('../', import.meta.url));

export const defaultMigrationsFolder = join(assetsRoot, 'migrations');
export const supabaseBootstrapFile = join(assetsRoot, 'sql', 'supabase-bootstrap.sql');
export const supabaseRealtimeFile = join(assetsRoot, 'sql', 'supabase-realtime.sql');
