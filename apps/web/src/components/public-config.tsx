'use client';

import { createContext, type ReactNode, use } from 'react';
import type { PublicConfig } from '@/lib/public-config';

const PublicConfigContext = createContext<PublicConfig | null>(null);

/** Hands the run-time public settings from the root layout to client components. */
export function PublicConfigProvider(props: { value: PublicConfig; children: ReactNode }) {
  return <PublicConfigContext value={props.value}>{props.children}</PublicConfigContext>;
}

export function usePublicConfig(): PublicConfig {
  const config = use(PublicConfigContext);
  if (!config) throw new Error('usePublicConfig() needs <PublicConfigProvider> above it');
  return config;
}
