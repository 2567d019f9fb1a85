import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { createInvitation, takeInvitationQuota } from '../queries';
import { createRateLimitStore } from '../rate-limits';
import { expectSqlState, type TestDatabase, type World } from '../testing';
import { rlsTest as test } from '../testing/fixtures';

const PERMISSION_DENIED = '42501';
const QUOTA = { perUser: 2, perOrg: 3, windowSeconds: 3600 };

// Payloads are only in graphile-worker's private table (its `jobs` view leaves them out).
const jobsFor = async (t: TestDatabase, invitationId: string) =>
  t.sql<{ payload: { invitationId: string; token: string } }[]>`
    select j.payload from graphile_worker._private_jobs j
    join graphile_worker._private_tasks task on task.id = j.task_id
    where task.identifier = 'send_invitation_email' and j.payload ->> 'invitationId' = ${invitationId}`;

const inviteAs = (
  t: TestDatabase,
  w: World,
  user = w.bob,
  email = `x-${Math.random()}@example.test`,
) => t.db.rls(user.claims, (tx) => createInvitation(tx, { orgId: w.orgId, email, role: 'member' }));

describe('the job queue', () => {
  test('an invitation queues its email in the same transaction', async ({ t, w }) => {
    const { invitation, token } = await inviteAs(t, w);
    const jobs = await jobsFor(t, invitation.id);
    expect(jobs.map((job) => job.payload)).toEqual([{ invitationId: invitation.id, token }]);
  });

  test('an invitation whose transaction rolls back queues nothing', async ({ t, w }) => {
    let created: string | undefined;
    await expect(
      t.db.rls(w.bob.claims, async (tx) => {
        created = (
          await createInvitation(tx, { orgId: w.orgId, email: 'rb@example.test', role: 'member' })
        ).invitation.id;
        throw new Error('the request failed after the insert');
      }),
    ).rejects.toThrow('the request failed after the insert');
    expect(created).toBeDefined();
    expect(await jobsFor(t, created!)).toEqual([]);
    const [row] = await t.sql`select count(*)::int as n from graphile_worker.jobs`;
    const before = row!.n;
    await expectSqlState(inviteAs(t, w, w.carol), PERMISSION_DENIED);
    const [after] = await t.sql`select count(*)::int as n from graphile_worker.jobs`;
    expect(after!.n).toBe(before);
  });

  test('users cannot queue mail for an invitation that is not theirs or without its token', async ({
    t,
    w,
  }) => {
    const { invitation, token } = await inviteAs(t, w);
    const enqueue = (claims: typeof w.bob.claims, id: string, secret: string) =>
      t.db.rls(claims, (tx) =>
        tx.execute(sql`select private.enqueue_invitation_email(${id}, ${secret})`),
      );
    // An admin who does not hold the token, a member and an outsider who do.
    await expectSqlState(enqueue(w.alice.claims, invitation.id, `${token}x`), PERMISSION_DENIED);
    await expectSqlState(enqueue(w.carol.claims, invitation.id, token), PERMISSION_DENIED);
    await expectSqlState(enqueue(w.dave.claims, invitation.id, token), PERMISSION_DENIED);
    await expectSqlState(enqueue(w.anon, invitation.id, token), PERMISSION_DENIED);
    expect(await jobsFor(t, invitation.id)).toHaveLength(1);
  });

  test('users cannot read, write or call into the queue', async ({ t, w }) => {
    await inviteAs(t, w);
    for (const claims of [w.alice.claims, w.anon]) {
      for (const statement of [
        sql`select * from graphile_worker.jobs`,
        sql`select * from graphile_worker._private_jobs`,
        sql`select * from graphile_worker._private_tasks`,
        sql`delete from graphile_worker._private_jobs`,
        sql`update graphile_worker._private_jobs set run_at = now()`,
        sql`select graphile_worker.add_job('send_invitation_email', '{}'::json)`,
      ]) {
        await expectSqlState(
          t.db.rls(claims, (tx) => tx.execute(statement)),
          PERMISSION_DENIED,
        );
      }
    }
  });

  test('every queue table has RLS on and no grants to anon or authenticated', async ({ t }) => {
    const tables = await t.sql<{ name: string; rls: boolean }[]>`
      select c.relname as name, c.relrowsecurity as rls from pg_class c
      where c.relnamespace = 'graphile_worker'::regnamespace and c.relkind in ('r', 'p')`;
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.filter((table) => !table.rls)).toEqual([]);
    const grants = await t.sql`
      select table_name, grantee, privilege_type from information_schema.role_table_grants
      where table_schema in ('graphile_worker', 'private')
        and grantee in ('anon', 'authenticated', 'PUBLIC')`;
    expect(grants).toEqual([]);
  });
});

describe('rate limits', () => {
  test('users cannot read, write or bump the counters', async ({ t, w }) => {
    for (const claims of [w.alice.claims, w.anon]) {
      for (const statement of [
        sql`select * from private.rate_limits`,
        sql`insert into private.rate_limits values ('x', now(), 0)`,
        sql`delete from private.rate_limits`,
        sql`select private.rate_limit_hit('invitations:org:x', 1000, 60)`,
      ]) {
        await expectSqlState(
          t.db.rls(claims, (tx) => tx.execute(statement)),
          PERMISSION_DENIED,
        );
      }
    }
    const [table] = await t.sql`
      select relrowsecurity as rls, relpersistence from pg_class where oid = 'private.rate_limits'::regclass`;
    expect(table).toEqual({ rls: true, relpersistence: 'u' });
  });

  test('a window counts hits atomically and says how long to wait past the limit', async ({
    t,
  }) => {
    const store = createRateLimitStore(t.sql);
    const bucket = `test:${Math.random()}`;
    const hits = await Promise.all(Array.from({ length: 10 }, () => store.hit(bucket, 4, 3600)));
    expect(hits.filter((hit) => hit.allowed)).toHaveLength(4);
    for (const hit of hits.filter((h) => !h.allowed)) {
      expect(hit.retryAfterS).toBeGreaterThan(0);
      expect(hit.retryAfterS).toBeLessThanOrEqual(3600);
    }
    expect((await store.hit(`${bucket}:other`, 4, 3600)).allowed).toBe(true);
  });

  test('take() grants blocks of hits, never more than the window allows, under races', async ({
    t,
  }) => {
    const store = createRateLimitStore(t.sql);
    const bucket = `test:${Math.random()}`;
    const takes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.take(bucket, 1 + (i % 4), 17, 3600)),
    );
    expect(takes.reduce((sum, take) => sum + take.granted, 0)).toBe(17);
    for (const take of takes) {
      expect(take.windowLeftS).toBeGreaterThan(0);
      expect(take.windowLeftS).toBeLessThanOrEqual(3600);
    }
    // hit() and take() count on the same row: the window is spent for both.
    expect((await store.hit(bucket, 17, 3600)).allowed).toBe(false);
    expect((await store.take(bucket, 5, 17, 3600)).granted).toBe(0);
  });

  test('the invitation quota is per inviter and per org, and only admins draw on it', async ({
    t,
    w,
  }) => {
    const take = (user = w.bob) =>
      t.db.rls(user.claims, (tx) => takeInvitationQuota(tx, w.orgId, QUOTA));
    expect(await take()).toBe(0);
    expect(await take()).toBe(0);
    expect(await take()).toBeGreaterThan(0); // bob's own 2
    expect(await take(w.alice)).toBe(0); // the org's third
    expect(await take(w.alice)).toBeGreaterThan(0); // the org's 3 are used
    // A member or an outsider cannot spend (or exhaust) the org's quota.
    await expectSqlState(take(w.carol), PERMISSION_DENIED);
    await expectSqlState(take(w.dave), PERMISSION_DENIED);
  });
});
