'use client';

const EVENT = 'org-access-check';

/** Asks the open org page to check the user still belongs to it (after a refused change). */
export function requestOrgAccessCheck(): void {
  window.dispatchEvent(new Event(EVENT));
}

/** Calls `check` on request, and when the tab comes back into view; returns the cleanup. */
export function onOrgAccessCheck(check: () => void): () => void {
  const onVisible = () => {
    if (document.visibilityState === 'visible') check();
  };
  window.addEventListener(EVENT, check);
  window.addEventListener('focus', check);
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    window.removeEventListener(EVENT, check);
    window.removeEventListener('focus', check);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
