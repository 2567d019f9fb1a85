import { SignJWT } from 'jose';

/** The API keys a project hands to its clients, plus the secret that signs the JWT ones. */
export interface ApiKeys {
  anon: string;
  serviceRole: string;
  publishable: string;
  secret: string;
  jwtSecret: string;
}

/**
 * The Supabase CLI's local defaults (docs/supabase-compatibility.md §0), so one `.env` works against `supabase start`
 * and the embedded stack. Public knowledge: they protect nothing but a developer's machine.
 */
export const CLI_DEFAULT_KEYS: Readonly<ApiKeys> = Object.freeze({
  jwtSecret: 'super-secret-jwt-token-with-at-least-32-characters-long',
  anon: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
  serviceRole:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU',
  publishable: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  secret: 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
});

/** The CLI signs its API-key JWTs with this fixed expiry (2032-11-12). */
const API_KEY_EXPIRY = 1983812996;

/**
 * Signs an API-key JWT exactly as the CLI does: header {alg,typ}, payload {iss,role,exp} in that
 * order. With the default secret this reproduces the default anon and service_role keys.
 */
function signApiKeyJwt(role: 'anon' | 'service_role', jwtSecret: string): Promise<string> {
  return new SignJWT({ iss: 'supabase-demo', role, exp: API_KEY_EXPIRY })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(jwtSecret));
}

/** Keys for a JWT secret: the CLI's when it is the default one, freshly signed otherwise. */
export async function resolveApiKeys(overrides: Partial<ApiKeys> = {}): Promise<ApiKeys> {
  const jwtSecret = overrides.jwtSecret ?? CLI_DEFAULT_KEYS.jwtSecret;
  return {
    jwtSecret,
    anon: overrides.anon ?? (await signApiKeyJwt('anon', jwtSecret)),
    serviceRole: overrides.serviceRole ?? (await signApiKeyJwt('service_role', jwtSecret)),
    publishable: overrides.publishable ?? CLI_DEFAULT_KEYS.publishable,
    secret: overrides.secret ?? CLI_DEFAULT_KEYS.secret,
  };
}
