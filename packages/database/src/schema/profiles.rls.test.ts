import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { getProfile, updateProfile } from '../queries';
import { expectSqlState } from '../testing';
import { rlsTest as test } from '../testing/fixtures';
import { profiles } from './profiles';

const PERMISSION_DENIED = '42501';

test('a profile is created with the auth user, from its metadata and email', async ({ t, w }) => {
  const profile = await t.db.rls(w.dave.claims, (tx) => getProfile(tx, w.dave.id));
  expect(profile).toMatchObject({ id: w.dave.id, displayName: 'dave', email: w.dave.email });
});

test('a changed auth email is copied to the profile', async ({ t, w }) => {
  const email = `renamed-${w.dave.id}@example.test`;
  await t.sql`update auth.users set email = ${email} where id = ${w.dave.id}`;
  expect((await t.db.rls(w.dave.claims, (tx) => getProfile(tx, w.dave.id)))?.email).toBe(email);
});

describe('select', () => {
  test('users see themselves and people who share an org; not strangers', async ({ t, w }) => {
    expect(await t.db.rls(w.carol.claims, (tx) => getProfile(tx, w.alice.id))).toBeDefined();
    expect(await t.db.rls(w.dave.claims, (tx) => getProfile(tx, w.alice.id))).toBeUndefined();
    expect(await t.db.rls(w.alice.claims, (tx) => getProfile(tx, w.dave.id))).toBeUndefined();
  });

  test('anon may not read profiles', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.anon, (tx) => getProfile(tx, w.alice.id)),
      PERMISSION_DENIED,
    );
  });
});

describe('update', () => {
  test('users edit their own display name and avatar, nobody else’s', async ({ t, w }) => {
    const mine = await t.db.rls(w.carol.claims, (tx) =>
      updateProfile(tx, w.carol.id, {
        displayName: 'Carol C',
        avatarUrl: 'https://example.test/c.png',
      }),
    );
    expect(mine).toMatchObject({ displayName: 'Carol C', avatarUrl: 'https://example.test/c.png' });
    expect(
      await t.db.rls(w.carol.claims, (tx) => updateProfile(tx, w.alice.id, { displayName: 'x' })),
    ).toBeUndefined();
  });

  test('email and id are not writable through RLS', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.carol.claims, (tx) =>
        tx.update(profiles).set({ email: 'spoof@example.test' }).where(eq(profiles.id, w.carol.id)),
      ),
      PERMISSION_DENIED,
    );
  });

  test('an avatar must be an http(s) URL', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.carol.claims, (tx) =>
        updateProfile(tx, w.carol.id, { avatarUrl: 'javascript:alert(1)' }),
      ),
      '23514',
    );
  });
});

describe('insert and delete', () => {
  test('profiles are not inserted by users', async ({ t, w }) => {
    await expectSqlState(
      t.db.rls(w.dave.claims, (tx) => tx.insert(profiles).values({ id: w.dave.id })),
      PERMISSION_DENIED,
    );
  });

  test('a profile goes with its user, not by itself', async ({ t, w }) => {
    const gone = await t.db.rls(w.dave.claims, (tx) =>
      tx.delete(profiles).where(eq(profiles.id, w.dave.id)).returning(),
    );
    expect(gone).toEqual([]);
    await t.sql`delete from auth.users where id = ${w.dave.id}`;
    const [row] = await t.sql`select count(*)::int as n from profiles where id = ${w.dave.id}`;
    expect(row?.n).toBe(0);
  });
});
