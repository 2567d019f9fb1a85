import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { MfaSettings } from './mfa-settings';
import { verifiedTotpFactorId } from './verified-factor';

/** The profile's two-factor section: the user's verified authenticator, if any. */
export async function MfaCard() {
  const verifiedFactorId = await verifiedTotpFactorId();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Two-factor authentication</CardTitle>
        <CardDescription>
          A code from an authenticator app at each sign-in, and before deleting an organization or
          changing roles.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <MfaSettings verifiedFactorId={verifiedFactorId} />
      </CardContent>
    </Card>
  );
}
