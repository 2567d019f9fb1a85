'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { notify } from '@/lib/notify';

/** Confirms a password change once, then drops the flag from the URL. */
export function PasswordUpdatedToast() {
  const router = useRouter();
  useEffect(() => {
    notify.success('Your password was changed.');
    router.replace('/dashboard');
  }, [router]);
  return null;
}
