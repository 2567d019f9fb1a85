import { eq } from 'drizzle-orm';
import type { Tx } from '../client';
import { profiles } from '../schema';

export type Profile = typeof profiles.$inferSelect;

export async function getProfile(tx: Tx, userId: string): Promise<Profile | undefined> {
  const [row] = await tx.select().from(profiles).where(eq(profiles.id, userId));
  return row;
}

/** Undefined when the profile is not the caller's (RLS) or does not exist. */
export async function updateProfile(
  tx: Tx,
  userId: string,
  input: Partial<Pick<Profile, 'displayName' | 'avatarUrl'>>,
): Promise<Profile | undefined> {
  const [row] = await tx.update(profiles).set(input).where(eq(profiles.id, userId)).returning();
  return row;
}
