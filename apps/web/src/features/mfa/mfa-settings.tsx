'use client';

import { useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { confirmEnrollment, type Enrollment, removeFactor, startEnrollment } from './actions';
import { CodeField } from './code-field';

/** Sets up or removes the user's authenticator app (TOTP), saying what happened. */
export function MfaSettings({ verifiedFactorId }: { verifiedFactorId: string | null }) {
  const [factorId, setFactorId] = useState(verifiedFactorId);
  const [notice, setNotice] = useState<string>();
  return (
    <div className="grid gap-3">
      {notice && <FormMessage tone="success">{notice}</FormMessage>}
      {factorId ? (
        <RemoveAuthenticator
          factorId={factorId}
          onRemoved={() => {
            setFactorId(null);
            setNotice('Authenticator app removed.');
          }}
        />
      ) : (
        <SetUpAuthenticator
          onVerified={(id) => {
            setFactorId(id);
            setNotice('Your authenticator app is set up. Sign-ins will ask for its code.');
          }}
        />
      )}
    </div>
  );
}

function RemoveAuthenticator(props: { factorId: string; onRemoved: () => void }) {
  const [error, setError] = useState<string>();
  async function remove() {
    const result = await removeFactor(props.factorId);
    if (result.error) setError(result.error);
    else props.onRemoved();
  }
  return (
    <form action={remove} className="grid gap-3">
      <p className="text-sm">Sign-ins ask for a code from your authenticator app.</p>
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <SubmitButton variant="outline" className="w-fit">
        Remove authenticator app
      </SubmitButton>
    </form>
  );
}

function SetUpAuthenticator(props: { onVerified: (factorId: string) => void }) {
  const [enrollment, setEnrollment] = useState<Enrollment>();
  const [error, setError] = useState<string>();
  async function start() {
    const result = await startEnrollment();
    setError(result.error);
    setEnrollment(result.enrollment);
  }
  async function confirm(form: FormData) {
    if (!enrollment) return;
    const result = await confirmEnrollment(enrollment.factorId, String(form.get('code') ?? ''));
    if (result.error) setError(result.error);
    else props.onVerified(enrollment.factorId);
  }
  if (!enrollment) {
    return (
      <form action={start} className="grid gap-3">
        {error && <FormMessage tone="error">{error}</FormMessage>}
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
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <SubmitButton className="w-fit">Confirm</SubmitButton>
    </form>
  );
}
