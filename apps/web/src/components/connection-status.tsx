'use client';

import { ServerOff, WifiOff } from 'lucide-react';
import { useEffect, useState } from 'react';
import { SERVER_UNREACHABLE_EVENT } from '@/lib/action-result';

/** How often to look again while the server cannot be reached. */
const RECHECK_MS = 5_000;

type Connection = 'ok' | 'offline' | 'server-unreachable';

/** Whether our own server answers: a HEAD of a tiny static file, never cached. */
async function serverAnswers(): Promise<boolean> {
  try {
    await fetch('/icon.svg', { method: 'HEAD', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Says so while the server cannot be reached, until it answers again: when the browser reports no
 * network, and when a Server Action failed to reach the server although the browser is online
 * (server down or restarting). `navigator.onLine` alone is not enough: it is false on a machine
 * with no network but loopback, where `pnpm dev` on 127.0.0.1 works perfectly well.
 */
export function ConnectionStatus() {
  const [connection, setConnection] = useState<Connection>('ok');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    // Set by a failed Server Action; cleared once the server answers.
    let suspect = false;
    const check = async () => {
      clearTimeout(timer);
      const reachable = navigator.onLine && !suspect ? true : await serverAnswers();
      if (stopped) return;
      if (reachable) suspect = false;
      setConnection(reachable ? 'ok' : navigator.onLine ? 'server-unreachable' : 'offline');
      if (!reachable) timer = setTimeout(check, RECHECK_MS);
    };
    const onChange = () => void check();
    const onUnreachable = () => {
      suspect = true;
      void check();
    };
    void check();
    window.addEventListener('online', onChange);
    window.addEventListener('offline', onChange);
    window.addEventListener(SERVER_UNREACHABLE_EVENT, onUnreachable);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', onChange);
      window.removeEventListener('offline', onChange);
      window.removeEventListener(SERVER_UNREACHABLE_EVENT, onUnreachable);
    };
  }, []);
  const Icon = connection === 'offline' ? WifiOff : ServerOff;
  return (
    <div role="status" aria-live="polite" className="empty:hidden">
      {connection !== 'ok' && (
        <p className="fixed inset-x-0 bottom-0 z-50 flex items-center justify-center gap-2 border-t bg-foreground px-4 py-2 text-sm text-background">
          <Icon className="size-4 shrink-0" aria-hidden />
          {connection === 'offline'
            ? 'You are offline. Changes will not be saved until your connection is back.'
            : "Can't reach the server. Changes will not be saved until it answers again; we keep trying."}
        </p>
      )}
    </div>
  );
}
