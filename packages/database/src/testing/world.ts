import type postgres from 'postgres';
import { findPostgresError } from '../errors';
import { anonClaims, createTestUser, type TestUser } from './users';

/**
 * The cast of the RLS tests: one org ("acme") where alice is owner, bob admin and carol member,
 * and dave who belongs to nothing. Rows are arranged as the superuser (no RLS), so each test
 * starts from the same known state and only the statement under test runs under RLS.
 */
export interface World {
  alice: TestUser;
  bob: TestUser;
  carol: TestUser;
  dave: TestUser;
  anon: typeof anonClaims;
  orgId: string;
  /** alice's personal item (no org). */
  alicePersonalItemId: string;
  /** carol's item shared with acme. */
  carolOrgItemId: string;
  /** dave's personal item. */
  davePersonalItemId: string;
}

export async function createWorld(sql: postgres.Sql): Promise<World> {
  const [alice, bob, carol, dave] = await Promise.all(
    ['alice', 'bob', 'carol', 'dave'].map((name) => createTestUser(sql, name)),
  );
  const [org] = await sql<{ id: string }[]>`
    insert into organizations (name, slug) values ('Acme', ${`acme-${alice!.id.slice(0, 8)}`})
    returning id`;
  const orgId = org!.id;
  await sql`
    insert into memberships (org_id, user_id, role) values
      (${orgId}, ${alice!.id}, 'owner'), (${orgId}, ${bob!.id}, 'admin'), (${orgId}, ${carol!.id}, 'member')`;
  const [a, c, d] = await sql<{ id: string }[]>`
    insert into items (owner_id, org_id, title) values
      (${alice!.id}, null, 'alice personal'),
      (${carol!.id}, ${orgId}, 'carol in acme'),
      (${dave!.id}, null, 'dave personal')
    returning id`;
  return {
    alice: alice!,
    bob: bob!,
    carol: carol!,
    dave: dave!,
    anon: anonClaims,
    orgId,
    alicePersonalItemId: a!.id,
    carolOrgItemId: c!.id,
    davePersonalItemId: d!.id,
  };
}

/** SQLSTATE of a failed statement. */
export function sqlState(error: unknown): string | undefined {
  return findPostgresError(error)?.code;
}

/** Resolves when `promise` fails with the given SQLSTATE, and throws with what happened otherwise. */
export async function expectSqlState(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (sqlState(error) === code) return;
    throw new Error(
      `expected SQLSTATE ${code}, got ${sqlState(error) ?? 'none'}: ${String(error)}`,
    );
  }
  throw new Error(`expected SQLSTATE ${code}, but the statement succeeded`);
}
