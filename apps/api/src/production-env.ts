/**
 * What must never reach production: the local stack's addresses and the Supabase CLI's public
 * demo secrets. Shared by the API (src/env.ts) and the web app (its src/env.ts), which both refuse
 * to start with NODE_ENV=production when this finds a problem. No imports: the web bundles it.
 */

/** The Supabase CLI's well-known local values (`supabase status`); anyone can sign tokens with them. */
export const DEMO_SECRETS: Readonly<Record<string, string>> = {
  'the demo JWT secret': 'super-secret-jwt-token-with-at-least-32-characters-long',
  'the demo anon key':
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
  'the demo service_role key':
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU',
  'the demo publishable key': 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  'the demo secret key': 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
};

/** The local stack's port per URL variable (.env.example); on a loopback host it is the dev stack. */
const LOCAL_PORTS: Readonly<Record<string, string>> = {
  SUPABASE_URL: '54321',
  DATABASE_URL: '54322',
  WEB_URL: '3000',
  SMTP_URL: '54325',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

/**
 * The problems of `vars` for production, one line each, naming the variable: `required` URL
 * variables unset (the apps would fall back to the local stack) or pointing at the local stack,
 * and any variable holding one of the CLI's demo secrets.
 */
export function productionEnvProblems(
  vars: Readonly<Record<string, string | undefined>>,
  required: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const name of required) {
    const value = vars[name]?.trim();
    if (!value) {
      problems.push(`${name} is not set (the local default is for development only)`);
    } else if (isLocalStack(name, value)) {
      problems.push(`${name} points at the local development stack (${redact(value)})`);
    }
  }
  for (const [name, value] of Object.entries(vars)) {
    if (!value) continue;
    for (const [label, secret] of Object.entries(DEMO_SECRETS)) {
      if (value.includes(secret)) {
        problems.push(`${name} holds ${label} of the Supabase CLI, which is public`);
      }
    }
  }
  return problems;
}

/** Stops start-up with one message listing every problem, if there are any. */
export function refuseToStart(problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new Error(
    `Refusing to start with NODE_ENV=production and development settings:\n${problems
      .map((problem) => `  - ${problem}`)
      .join('\n')}\nSet real values for production (docs/deploy.md).`,
  );
}

function isLocalStack(name: string, value: string): boolean {
  const port = LOCAL_PORTS[name];
  try {
    const url = new URL(value);
    return port !== undefined && LOOPBACK.has(url.hostname) && url.port === port;
  } catch {
    return false;
  }
}

/** A URL without its password, for messages. */
function redact(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}
