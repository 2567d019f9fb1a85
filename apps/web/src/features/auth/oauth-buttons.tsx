'use client';

import { useActionState } from 'react';
import { FormOutcome } from '@/components/form-outcome';
import { usePublicConfig } from '@/components/public-config';
import { SubmitButton } from '@/components/submit-button';
import { initialFormState } from '@/lib/form-state';
import { signInWithOAuth } from './actions';

const NAMES: Record<string, string> = { github: 'GitHub', google: 'Google', gitlab: 'GitLab' };

/** One button per provider switched on in AUTH_PROVIDERS; nothing at all when there are none. */
export function OAuthButtons({ next }: { next: string }) {
  const { authProviders } = usePublicConfig();
  const [state, action] = useActionState(signInWithOAuth, initialFormState);
  if (authProviders.length === 0) return null;
  return (
    <div className="grid gap-3">
      <div className="flex items-center gap-3 text-xs text-muted-foreground">
        <span className="h-px flex-1 bg-border" />
        or continue with
        <span className="h-px flex-1 bg-border" />
      </div>
      {authProviders.map((provider) => (
        <form key={provider} action={action}>
          <input type="hidden" name="provider" value={provider} />
          <input type="hidden" name="next" value={next} />
          <SubmitButton variant="outline" className="w-full">
            {NAMES[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1)}
          </SubmitButton>
        </form>
      ))}
      <FormOutcome state={state} />
    </div>
  );
}
