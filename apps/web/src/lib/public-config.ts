import 'server-only';
import { env } from '@/env';

/** What the browser may know, read at run time and handed down by the root layout. */
export interface PublicConfig {
  supabaseUrl: string;
  supabasePublishableKey: string;
  authProviders: string[];
}

export function publicConfig(): PublicConfig {
  const { SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY, AUTH_PROVIDERS } = env();
  return {
    supabaseUrl: SUPABASE_URL,
    supabasePublishableKey: SUPABASE_PUBLISHABLE_KEY,
    authProviders: AUTH_PROVIDERS,
  };
}
