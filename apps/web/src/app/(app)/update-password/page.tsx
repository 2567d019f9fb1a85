import type { Metadata } from 'next';
import { AuthCard } from '@/features/auth/auth-card';
import { UpdatePasswordForm } from '@/features/auth/update-password-form';

export const metadata: Metadata = { title: 'Choose a new password' };

/** Reached from the password-reset email (signed in by /auth/confirm) or from the profile. */
export default function UpdatePasswordPage() {
  return (
    <div className="mx-auto w-full max-w-sm">
      <AuthCard
        title="Choose a new password"
        description="You will use it the next time you sign in."
      >
        <UpdatePasswordForm />
      </AuthCard>
    </div>
  );
}
