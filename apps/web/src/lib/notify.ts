'use client';

/**
 * Toasts, with sonner loaded on first use: nothing toasts before the user acts, so it stays out of
 * the first-load bundle (the Toaster that shows them is loaded after hydration, see Providers).
 */
export const notify = {
  success: (message: string) => void import('sonner').then(({ toast }) => toast.success(message)),
  error: (message: string) => void import('sonner').then(({ toast }) => toast.error(message)),
};
