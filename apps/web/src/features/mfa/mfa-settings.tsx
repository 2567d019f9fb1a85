'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { SubmitButton } from '@/components/submit-button';
import { initialFormState } from '@/lib/form-state';
import { confirmEnrollment, type EnrollmentState, removeFactor, startEnrollment } from './actions';
import { CodeField } from './code-field';

/** Sets up or removes the user's authenticator app (TOTP). */
export function MfaSettings({ verifiedFactorId }: { verifiedFactorId: string | null }) {
  if (verifiedFactorId) return <RemoveAuthenticator factorId={verifiedFactorId} />;
  return <SetUpAuthenticator />;
}

function RemoveAuthenticator({ factorId }: { factorId: string }) {
  const [state, action] = useActionState(removeFactor, initialFormState);
  return (
    <form action={action} className="grid gap-3">
      <p className="text-sm">Sign-ins ask for a code from your authenticator app.</p>
      <input type="hidden" name="factorId" value={factorId} />
      <FormOutcome state={state} />
      <SubmitButton variant="outline" className="w-fit">
        Remove authenticator app
      </SubmitButton>
    </form>
  );
}

function SetUpAuthenticator() {
  const [started, start] = useActionState(startEnrollment, {} as EnrollmentState);
  const [confirmed, confirm] = useActionState(confirmEnrollment, started);
  const enrollment = confirmed.enrollment ?? started.enrollment;
  if (confirmed.message) return <FormOutcome state={confirmed} />;
  if (!enrollment) {
    return (
      <form action={start} className="grid gap-3">
        <FormOutcome state={started} />
        <SubmitButton className="w-fit">Set up authenticator app</SubmitButton>
      </form>
    );
  }
  return (
    <form action={confirm} className="grid gap-4">
      <p className="text-sm">
        Scan this QR code with your authenticator app, then enter the code it shows.
      </p>
      {/* biome-ignore lint/performance/noImgElement: an SVG data URL from Auth, not an optimizable asset */}
      <img
        src={enrollment.qrCode}
        alt="QR code to add this account to an authenticator app"
        className="size-48 rounded-md bg-white p-2"
      />
      <p className="text-xs text-muted-foreground">
        Can't scan it? Enter this key instead:{' '}
        <code className="break-all font-mono" data-testid="totp-secret">
          {enrollment.secret}
        </code>
      </p>
      <CodeField id="enroll-code" />
      <FormOutcome state={confirmed.enrollment ? confirmed : initialFormState} />
      <SubmitButton className="w-fit">Confirm</SubmitButton>
    </form>
  );
}
