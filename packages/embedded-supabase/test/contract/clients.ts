import { randomUUID } from 'node:crypto';
import { applyMigrations } from '@repo/database/migrator';
import { createServerClient } from '@supabase/ssr';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { getTarget, type Target } from './target';

// supabase-js on Node 20 needs a WebSocket implementation even when realtime is unused.
const realtime = { transport: WebSocket as never };

/** A browser-like client without persistence (supabase-js defaults to the implicit flow). */
export function userClient(target: Target, key = target.anonKey): SupabaseClient {
  return createClient(target.url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime,
  });
}

/** What a server uses for `supabase.auth.admin.*`: the service_role key (or the secret key). */
export function adminClient(target: Target, key = target.serviceRoleKey): SupabaseClient {
  return userClient(target, key);
}

export interface CookieJar {
  client: SupabaseClient;
  cookies: Map<string, string>;
}

/** @supabase/ssr's server client (PKCE flow) over an in-memory cookie store, as a Next.js route has. */
export function ssrClient(target: Target): CookieJar {
  const cookies = new Map<string, string>();
  const client = createServerClient(target.url, target.publishableKey, {
    cookies: {
      getAll: () => [...cookies].map(([name, value]) => ({ name, value })),
      setAll: (changes) => {
        for (const { name, value, options } of changes) {
          if (!value || options?.maxAge === 0) cookies.delete(name);
          else cookies.set(name, value);
        }
      },
    },
    realtime,
  });
  return { client, cookies };
}

/** An address no other test (or earlier run against a shared stack) uses. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${randomUUID().slice(0, 8)}@example.test`;
}

export const PASSWORD = 'correct-horse-7';

/** A confirmed user with a password, made through the admin API. */
export async function createConfirmedUser(target: Target, tag: string) {
  const email = uniqueEmail(tag);
  const { data, error } = await adminClient(target).auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
  });
  if (error) throw error;
  return { email, id: data.user.id };
}

/** Signs a fresh client in; each call is a separate session. */
export async function signedIn(target: Target, email: string, password = PASSWORD) {
  const client = userClient(target);
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw error;
  return { client, session: data.session };
}

/** Calls the Auth API directly, for what the clients do not expose (status codes, headers). */
export function authFetch(target: Target, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('apikey')) headers.set('apikey', target.anonKey);
  return fetch(`${target.url}/auth/v1${path}`, { redirect: 'manual', ...init, headers });
}

/**
 * Registers a realtime suite's hooks: one target for the file, and the clients the tests create,
 * whose channels are removed before the target stops. Read `suite.target` inside tests.
 */
export function realtimeSuite(options: { appSchema?: boolean } = {}) {
  const suite = {
    target: undefined as unknown as Target,
    /** With `appSchema`: a superuser connection to the target's database, migrations applied. */
    sql: undefined as unknown as postgres.Sql,
    clients: [] as SupabaseClient[],
    /** A confirmed user signed in on a fresh client whose socket carries their token. */
    async signedInUser(tag: string) {
      const { email, id } = await createConfirmedUser(suite.target, tag);
      const { client, session } = await signedIn(suite.target, email);
      suite.clients.push(client);
      await client.realtime.setAuth(session.access_token);
      return { id, email, client, session };
    },
  };
  beforeAll(async () => {
    suite.target = await getTarget();
    if (options.appSchema) {
      suite.sql = postgres(suite.target.dbUrl, { max: 2, onnotice: () => {} });
      await applyMigrations(suite.sql);
    }
  });
  afterAll(async () => {
    await Promise.all(suite.clients.map((client) => client.removeAllChannels()));
    await suite.sql?.end();
    await suite.target.stop();
  });
  return suite;
}
