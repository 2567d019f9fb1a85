'use client';

import { WifiOff } from 'lucide-react';
import { useEffect, useState } from 'react';

/** How often to look again while the browser reports no network. */
const RECHECK_MS = 5_000;

/**
 * Whether our own server answers. `navigator.onLine` alone is not enough: it is false on a
 * machine with no network but loopback, where `pnpm dev` on 127.0.0.1 works perfectly well.
 */
async function serverReachable(): Promise<boolean> {
  if (navigator.onLine) return true;
  try {
    await fetch('/icon.svg', { method: 'HEAD', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

/** Says so while the server cannot be reached; changes made meanwhile fail and say why. */
export function ConnectionStatus() {
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const check = async () => {
      clearTimeout(timer);
      const reachable = await serverReachable();
      if (stopped) return;
      setOffline(!reachable);
      if (!navigator.onLine) timer = setTimeout(check, RECHECK_MS);
    };
    const onChange = () => void check();
    void check();
    window.addEventListener('online', onChange);
    window.addEventListener('offline', onChange);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', onChange);
      window.removeEventListener('offline', onChange);
    };
  }, []);
  return (
    <div role="status" aria-live="polite" className="empty:hidden">
      {offline && (
        <p className="fixed inset-x-0 bottom-0 z-50 flex items-center justify-center gap-2 border-t bg-foreground px-4 py-2 text-sm text-background">
          <WifiOff className="size-4 shrink-0" aria-hidden />
          You are offline. Changes will not be saved until your connection is back.
        </p>
      )}
    </div>
  );
}
