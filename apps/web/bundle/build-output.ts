import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The production build these checks read (`next build` output). */
export const nextDir = join(import.meta.dirname, '..', '.next');

/** Every file under .next/static: what browsers can download. */
export function staticFiles(dir = join(nextDir, 'static')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? staticFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

export interface FirstLoad {
  files: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

/**
 * The JavaScript a browser downloads to show `route` on a first visit: the framework's root
 * chunks (build-manifest rootMainFiles) plus every client chunk the route's React Server
 * Components manifest lists for its layouts, page and boundaries (entryJSFiles), each gzipped.
 * Next 16 no longer prints First Load JS, so it is computed from the same manifests it used.
 * Legacy polyfills (nomodule, never loaded by current browsers) are left out.
 */
export function firstLoadJs(route: string): FirstLoad {
  const buildManifest = JSON.parse(readFileSync(join(nextDir, 'build-manifest.json'), 'utf8')) as {
    rootMainFiles: string[];
  };
  const manifestFile = join(
    nextDir,
    'server',
    'app',
    ...route.split('/').filter(Boolean),
    'page_client-reference-manifest.js',
  );
  // The manifest is a script that assigns globalThis.__RSC_MANIFEST[<route>/page].
  const holder = globalThis as {
    __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }>;
  };
  createRequire(import.meta.url)(manifestFile);
  const entry = holder.__RSC_MANIFEST?.[`${route}/page`];
  if (!entry)
    throw new Error(
      `No client reference manifest for ${route} in ${relative(process.cwd(), manifestFile)}`,
    );
  const paths = new Set([
    ...buildManifest.rootMainFiles,
    ...Object.values(entry.entryJSFiles).flat(),
  ]);
  const files = [...paths].map((path) => {
    const content = readFileSync(join(nextDir, path));
    return { path, bytes: content.length, gzipBytes: gzipSync(content).length };
  });
  return { files, gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}
