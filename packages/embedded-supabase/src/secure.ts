import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Compares secrets without leaking where they differ, or their lengths. */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random alphanumeric string (GoTrue's crypto.SecureAlphanumeric), without modulo bias. */
export function secureAlphanumeric(length: number): string {
  let result = '';
  while (result.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = the largest multiple of 62 below 256; higher bytes would favour some characters
      if (byte < 248 && result.length < length) result += ALPHANUMERIC[byte % 62];
    }
  }
  return result;
}

/** A numeric one-time code with leading zeros kept (GoTrue's crypto.GenerateOtp). */
export function generateOtp(length: number): string {
  return String(randomInt(0, 10 ** length)).padStart(length, '0');
}

/** GoTrue's token hash: lower-case hex SHA-224 of the address followed by the code. */
export function tokenHash(emailOrPhone: string, otp: string): string {
  return createHash('sha224')
    .update(emailOrPhone + otp)
    .digest('hex');
}
