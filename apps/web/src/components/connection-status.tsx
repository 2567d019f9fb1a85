'use client';

import { WifiOff } from 'lucide-react';
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void) {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Says so while the browser is offline; changes made meanwhile fail and say why. */
export function ConnectionStatus() {
  const online = useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
  return (
    <div role="status" aria-live="polite" className="empty:hidden">
      {!online && (
        <p className="fixed inset-x-0 bottom-0 z-50 flex items-center justify-center gap-2 border-t bg-foreground px-4 py-2 text-sm text-background">
          <WifiOff className="size-4 shrink-0" aria-hidden />
          You are offline. Changes will not be saved until your connection is back.
        </p>
      )}
    </div>
  );
}
