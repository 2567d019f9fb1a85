import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds `migrations/`: this package's root when run from source. A bundle
 * (apps/api's container build) sits one folder below a copy of it (`dist/…` beside
 * `migrations/`), so the same relative path finds it there.
 */
const assetsRoot = fileURLToPath(new URL('../', import.meta.url));

export const defaultMigrationsFolder = join(assetsRoot, 'migrations');
