import bcrypt from 'bcryptjs';
import type { AuthSettings, PasswordRequirements } from '../config';
import { AuthError, unprocessable } from './errors';

/** GoTrue hashes with bcrypt's default cost (internal/crypto/password.go). */
const BCRYPT_COST = 10;
/** bcrypt reads only 72 bytes; GoTrue refuses longer passwords instead of truncating them. */
const MAX_PASSWORD_LENGTH = 72;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = '!@#$%^&*()_+-=[]{};\'\\:"|<>?,./`~';

/** The character sets each config.toml `password_requirements` value demands (one of each). */
const REQUIRED_SETS: Record<PasswordRequirements, string[]> = {
  '': [],
  letters_digits: [LOWER + UPPER, DIGITS],
  lower_upper_letters_digits: [LOWER, UPPER, DIGITS],
  lower_upper_letters_digits_symbols: [LOWER, UPPER, DIGITS, SYMBOLS],
};

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Constant-time by construction (bcrypt compares its own digests). */
export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  return hash ? bcrypt.compare(password, hash) : Promise.resolve(false);
}

export interface WeakPassword {
  message: string;
  reasons: Array<'length' | 'characters'>;
}

type PasswordRules = Pick<AuthSettings, 'minimumPasswordLength' | 'passwordRequirements'>;

/** What GoTrue's checkPasswordStrength finds wrong with a password, if anything. */
export function passwordWeakness(password: string, rules: PasswordRules): WeakPassword | undefined {
  const messages: string[] = [];
  const reasons: WeakPassword['reasons'] = [];
  if (password.length < rules.minimumPasswordLength) {
    reasons.push('length');
    messages.push(`Password should be at least ${rules.minimumPasswordLength} characters.`);
  }
  const sets = REQUIRED_SETS[rules.passwordRequirements];
  if (sets.some((set) => ![...password].some((char) => set.includes(char)))) {
    reasons.push('characters');
    messages.push(`Password should contain at least one character of each: ${sets.join(', ')}.`);
  }
  return reasons.length ? { message: messages.join(' '), reasons } : undefined;
}

/** Throws 422 weak_password (with reasons, so auth-js raises AuthWeakPasswordError). */
export function assertStrongPassword(password: string, rules: PasswordRules): void {
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw unprocessable(
      'validation_failed',
      `Password cannot be longer than ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
  const weakness = passwordWeakness(password, rules);
  if (weakness) {
    throw new AuthError(422, 'weak_password', weakness.message, {
      weak_password: { reasons: weakness.reasons },
    });
  }
}
