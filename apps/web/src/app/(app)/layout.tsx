import type { ReactNode } from 'react';
import { AppHeader } from '@/features/shell/app-header';
import { loadMe } from '@/lib/load-me';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const me = await loadMe();
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader me={me} />
      <main className="mx-auto w-full max-w-4xl flex-1 px-4 py-6 sm:px-6 sm:py-10">{children}</main>
    </div>
  );
}
