import { z } from 'zod';
import type { AuthSettings } from '../config';
import { parseGoDuration } from '../config';
import { validateEmail } from './email-address';
import { badRequest } from './errors';
import { assertStrongPassword, hashPassword } from './password';
import { isUuid, metadata, optionalString } from './request';

/** The attributes /admin/users accepts on create and update (GoTrue AdminUserParams). */
export const adminUserBody = z.object({
  id: optionalString,
  email: optionalString,
  phone: optionalString,
  password: optionalString,
  password_hash: optionalString,
  email_confirm: z.boolean().nullish(),
  phone_confirm: z.boolean().nullish(),
  user_metadata: metadata.nullish(),
  app_metadata: metadata.nullish(),
  role: optionalString,
  ban_duration: optionalString,
});
export type AdminUserBody = z.infer<typeof adminUserBody>;

/** Only bcrypt imports are accepted (GoTrue also takes argon2 and scrypt ones). */
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export interface CheckedAttributes {
  email?: string;
  encryptedPassword?: string;
  /** undefined: leave as is; null: lift a ban. */
  bannedUntil?: Date | null;
}

/** Validates what an admin sends before any row is touched. */
export async function checkAdminAttributes(
  body: AdminUserBody,
  rules: Pick<AuthSettings, 'minimumPasswordLength' | 'passwordRequirements'>,
): Promise<CheckedAttributes> {
  if (body.phone) {
    throw badRequest(
      'phone_provider_disabled',
      'Phone users are not supported by the embedded stack',
    );
  }
  if (body.id && !isUuid(body.id)) throw badRequest('validation_failed', 'id must be a valid UUID');
  const checked: CheckedAttributes = {};
  if (body.email) checked.email = validateEmail(body.email);
  if (body.password) {
    assertStrongPassword(body.password, rules);
    checked.encryptedPassword = await hashPassword(body.password);
  } else if (body.password_hash) {
    if (!BCRYPT_HASH.test(body.password_hash)) {
      throw badRequest('validation_failed', 'Invalid password hash format');
    }
    checked.encryptedPassword = body.password_hash;
  }
  if (body.ban_duration) checked.bannedUntil = banEnd(body.ban_duration);
  return checked;
}

function banEnd(duration: string): Date | null {
  if (duration === 'none') return null;
  try {
    return new Date(Date.now() + parseGoDuration(duration) * 1000);
  } catch {
    throw badRequest('validation_failed', `invalid format for ban duration: ${duration}`);
  }
}
