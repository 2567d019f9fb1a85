import type { Db, Json } from './db';

/** auth.users as GoTrue reads it (docs/supabase-compatibility.md §3.4); token columns use '' for "none", as GoTrue writes. */
export interface UserRow {
  id: string;
  aud: string;
  role: string;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change_token_new: string | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  email_change_token_current: string | null;
  email_change_confirm_status: number | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Json | null;
  raw_user_meta_data: Json | null;
  created_at: Date;
  updated_at: Date;
  phone: string | null;
  phone_confirmed_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  confirmed_at: Date | null;
  reauthentication_token: string | null;
  reauthentication_sent_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Json;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  email: string | null;
}

/** Columns a caller may set through updateUser (generated and key columns excluded). */
export type UserChanges = Partial<
  Omit<UserRow, 'id' | 'confirmed_at' | 'created_at' | 'updated_at'>
>;

const INSTANCE_ID = '00000000-0000-0000-0000-000000000000';

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [user] = await db<UserRow[]>`select * from auth.users where id = ${id}`;
  return user;
}

/** GoTrue's FindUserByEmailAndAudience: email users only (SSO users share addresses). */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [user] = await db<UserRow[]>`
    select * from auth.users
    where lower(email) = lower(${email}) and aud = 'authenticated' and not is_sso_user`;
  return user;
}

export interface NewUser {
  id?: string;
  email: string | null;
  encryptedPassword: string | null;
  role?: string;
  confirmed: boolean;
  appMetadata: Json;
  userMetadata: Json;
  isAnonymous?: boolean;
  bannedUntil?: Date | null;
}

/** Inserts a user (and its email identity when it has an email), as GoTrue's signup does. */
export async function insertUser(db: Db, user: NewUser): Promise<UserRow> {
  const now = new Date();
  const [row] = await db<UserRow[]>`
    insert into auth.users (
      instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      confirmation_token, recovery_token, email_change_token_new, email_change,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous, banned_until
    ) values (
      ${INSTANCE_ID}, coalesce(${user.id ?? null}::uuid, gen_random_uuid()), 'authenticated',
      ${user.role ?? 'authenticated'}, ${user.email}, ${user.encryptedPassword ?? ''},
      ${user.confirmed ? now : null}, '', '', '', '',
      ${db.json(user.appMetadata as never)}, ${db.json(user.userMetadata as never)},
      ${now}, ${now}, ${user.isAnonymous ?? false}, ${user.bannedUntil ?? null}
    ) returning *`;
  if (row!.email) await insertEmailIdentity(db, row!);
  return row!;
}

async function insertEmailIdentity(db: Db, user: UserRow): Promise<void> {
  const now = new Date();
  await db`
    insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
    values (${user.id}, ${user.id}, ${db.json(emailIdentityData(user, false) as never)}, 'email', ${now}, ${now})`;
}

/** The identity_data GoTrue stores for an email identity (provider.Claims). */
export function emailIdentityData(user: UserRow, emailVerified: boolean): Json {
  return { sub: user.id, email: user.email, email_verified: emailVerified, phone_verified: false };
}

export async function updateUser(db: Db, id: string, changes: UserChanges): Promise<UserRow> {
  const values: Record<string, unknown> = { ...changes, updated_at: new Date() };
  for (const column of ['raw_app_meta_data', 'raw_user_meta_data'] as const) {
    if (changes[column]) values[column] = db.json(changes[column] as never);
  }
  const [row] = await db<UserRow[]>`
    update auth.users set ${db(values as never)} where id = ${id} returning *`;
  return row!;
}

export async function identitiesOf(db: Db, userId: string): Promise<IdentityRow[]> {
  return db<IdentityRow[]>`
    select * from auth.identities where user_id = ${userId} order by created_at`;
}

/** Merges keys into an email identity's data (email_verified on confirm, email on change). */
export async function updateEmailIdentity(db: Db, userId: string, data: Json): Promise<void> {
  await db`
    update auth.identities
    set identity_data = identity_data || ${db.json(data as never)}, updated_at = ${new Date()}
    where user_id = ${userId} and provider = 'email'`;
}

/**
 * GoTrue's UpdateUserMetaData/UpdateAppMetaData: top-level keys are replaced, a null value
 * removes its key.
 */
export function mergeMetadata(current: Json | null, updates: Json): Json {
  const merged: Json = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function isConfirmed(user: UserRow): boolean {
  return user.email_confirmed_at !== null || user.phone_confirmed_at !== null;
}

export function isBanned(user: UserRow): boolean {
  return user.banned_until !== null && user.banned_until > new Date();
}
