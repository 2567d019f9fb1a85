import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** GoTrue's TOTP parameters (pquerna/otp defaults: SHA1, 6 digits, 30 s; validated with skew 1). */
const PERIOD = 30;
const DIGITS = 6;
const SKEW = 1;

export interface TotpEnrollment {
  secret: string;
  uri: string;
  /** An SVG document; auth-js turns it into a data URL, as it does with GoTrue's. */
  qrCode: string;
}

/** A new 160-bit secret (pquerna/otp's default size), its otpauth URI and a QR code of that URI. */
export async function newTotp(issuer: string, accountName: string): Promise<TotpEnrollment> {
  const totp = new TOTP({
    issuer,
    label: accountName,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    secret: new Secret({ size: 20 }),
  });
  const uri = totp.toString();
  const qrCode = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'H' });
  return { secret: totp.secret.base32, uri, qrCode };
}

/**
 * The time step whose code `code` is, if it is one of the steps within the skew around now; null
 * otherwise. Callers refuse a step at or before one already used, so a code works once.
 */
export function matchingTimeStep(secret: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    timestamp: now,
    window: SKEW,
  });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}
