import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { publicConfig } from '@/lib/public-config';
import { NONCE_HEADER } from '@/lib/security-headers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'SaaS Starter', template: '%s · SaaS Starter' },
  description: 'Items, organizations and live updates on Supabase, Hono and Next.js.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request so the public settings below come from this server's environment, not the
  // build machine's: one build serves every environment.
  await connection();
  // The CSP nonce of this response (src/proxy.ts), for the theme script that runs before paint.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <Providers config={publicConfig()} nonce={nonce}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
