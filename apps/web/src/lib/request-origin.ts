import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/env';

/**
 * Origins that count as this site: WEB_URL (what auth emails link to) and the origin the request
 * came in on. The first is where links in emails should point.
 */
export async function siteOrigins(): Promise<string[]> {
  const incoming = await headers();
  const host = incoming.get('x-forwarded-host') ?? incoming.get('host');
  const protocol = incoming.get('x-forwarded-proto') ?? 'http';
  const fromRequest = host ? `${protocol}://${host}` : undefined;
  const configured = env().WEB_URL ? new URL(env().WEB_URL!).origin : undefined;
  return [...new Set([configured, fromRequest].filter((origin) => origin !== undefined))];
}
