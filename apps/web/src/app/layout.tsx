import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { publicConfig } from '@/lib/public-config';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'SaaS Starter', template: '%s · SaaS Starter' },
  description: 'Items, organizations and live updates on Supabase, Hono and Next.js.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request so the public settings below come from this server's environment, not the
  // build machine's: one build serves every environment.
  await connection();
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <Providers config={publicConfig()}>{children}</Providers>
      </body>
    </html>
  );
}
