'use client';

import dynamic from 'next/dynamic';
import { ThemeProvider } from 'next-themes';
import type { ReactNode } from 'react';
import type { PublicConfig } from '@/lib/public-config';
import { PublicConfigProvider } from './public-config';

// Toasts only follow user actions, so their UI loads after the page is interactive.
const Toaster = dynamic(() => import('./ui/toaster').then((m) => m.Toaster), { ssr: false });
// Only matters once the page is up, so it stays out of the first-load JS as well.
const ConnectionStatus = dynamic(
  () => import('./connection-status').then((m) => m.ConnectionStatus),
  { ssr: false },
);

export function Providers(props: { config: PublicConfig; nonce?: string; children: ReactNode }) {
  return (
    <ThemeProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      nonce={props.nonce}
    >
      <PublicConfigProvider value={props.config}>
        {props.children}
        <Toaster />
        <ConnectionStatus />
      </PublicConfigProvider>
    </ThemeProvider>
  );
}
