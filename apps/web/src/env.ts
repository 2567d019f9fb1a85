import 'server-only';
import { productionEnvProblems, refuseToStart } from '@repo/api/production-env';
import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';

const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

function readEnv() {
  return createEnv({
    server: {
      /** Supabase project URL (Auth and Realtime); public, handed to the browser at run time. */
      SUPABASE_URL: z.url(),
      /** Publishable (or legacy anon) key; public, RLS protects the data. */
      SUPABASE_PUBLISHABLE_KEY: z.string().min(1),
      /** Base URL of the API as the web server reaches it (never sent to the browser). */
      API_URL: z.url(),
      /** Public origin of this app, for links in auth emails; defaults to the request's origin. */
      WEB_URL: z.url().optional(),
      /** OAuth providers to offer (comma list, e.g. "github,google"); empty hides the buttons. */
      AUTH_PROVIDERS: commaList,
    },
    // No NEXT_PUBLIC_ variables on purpose: public settings are read at run time and handed to
    // the browser by the root layout, so one build serves every environment.
    experimental__runtimeEnv: {},
    emptyStringAsUndefined: true,
  });
}

let cached: ReturnType<typeof readEnv> | undefined;

/**
 * The web server's configuration, validated with zod on first use (instrumentation.ts calls it at
 * start-up, so a missing value stops the server with a message naming it). Read lazily rather
 * than at import so `next build` needs no environment. Nothing else reads process.env.
 */
export function env() {
  if (!cached) {
    const read = readEnv();
    // `next start` runs with NODE_ENV=production: no local stack, no public demo keys, and a
    // configured WEB_URL (links in auth emails must not follow the request's Host header).
    if (process.env.NODE_ENV === 'production') {
      refuseToStart(productionEnvProblems(process.env, ['SUPABASE_URL', 'WEB_URL']));
    }
    cached = read;
  }
  return cached;
}
