import { applyMigrations } from '@repo/database/migrator';
import type { SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { adminClient, createConfirmedUser, signedIn, userClient } from './clients';
import { getTarget, type Target, type TargetOptions } from './target';

/**
 * The app's real schema with a small world in it, for the Data API suites: an org with an owner
 * and a member, a user outside it, and items personal and shared. Rows are made with the
 * superuser connection so every read through `/rest/v1` is decided by RLS alone.
 */
interface RestWorld {
  target: Target;
  sql: postgres.Sql;
  owner: Person;
  member: Person;
  other: Person;
  anon: SupabaseClient;
  service: SupabaseClient;
  org: { id: string; slug: string };
  /** Titles of the items made for this run, by who can see them. */
  items: {
    ownerPersonal: Item;
    memberPersonal: Item;
    otherPersonal: Item;
    orgByOwner: Item;
    orgByMember: Item;
  };
  tag: string;
}

interface Person {
  id: string;
  email: string;
  client: SupabaseClient;
  token: string;
}

export interface Item {
  id: string;
  title: string;
}

export function restSuite(options: TargetOptions = {}) {
  const world = {} as RestWorld;
  beforeAll(async () => {
    world.target = await getTarget(options);
    world.sql = postgres(world.target.dbUrl, { max: 2, onnotice: () => {} });
    await applyMigrations(world.sql);
    world.tag = crypto.randomUUID().slice(0, 8);
    const person = async (role: string): Promise<Person> => {
      const { email, id } = await createConfirmedUser(world.target, `rest-${role}`);
      const { client, session } = await signedIn(world.target, email);
      return { id, email, client, token: session.access_token };
    };
    [world.owner, world.member, world.other] = await Promise.all([
      person('owner'),
      person('member'),
      person('other'),
    ]);
    world.anon = userClient(world.target);
    world.service = adminClient(world.target);
    const slug = `rest-${world.tag}`;
    const [org] = await world.sql<{ id: string }[]>`
      insert into public.organizations (name, slug) values (${`Org ${world.tag}`}, ${slug}) returning id`;
    world.org = { id: org!.id, slug };
    await world.sql`insert into public.memberships (org_id, user_id, role)
      values (${org!.id}, ${world.owner.id}, 'owner'), (${org!.id}, ${world.member.id}, 'member')`;
    const item = async (ownerId: string, orgId: string | null, title: string): Promise<Item> => {
      const [row] = await world.sql<{ id: string }[]>`
        insert into public.items (owner_id, org_id, title, body)
        values (${ownerId}, ${orgId}, ${`${title} ${world.tag}`}, ${`body of ${title}`}) returning id`;
      return { id: row!.id, title: `${title} ${world.tag}` };
    };
    world.items = {
      ownerPersonal: await item(world.owner.id, null, 'owner personal'),
      memberPersonal: await item(world.member.id, null, 'member personal'),
      otherPersonal: await item(world.other.id, null, 'other personal'),
      orgByOwner: await item(world.owner.id, org!.id, 'org by owner'),
      orgByMember: await item(world.member.id, org!.id, 'org by member'),
    };
  });
  afterAll(async () => {
    await world.sql?.end();
    await world.target?.stop();
  });
  return world;
}

/** A raw request to the Data API, for what supabase-js does not expose (statuses, headers). */
export function restFetch(
  target: Target,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('apikey')) headers.set('apikey', target.anonKey);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  return fetch(`${target.url}/rest/v1/${path}`, { ...init, headers });
}

export const titles = (rows: Array<{ title: string }> | null) =>
  (rows ?? []).map((r) => r.title).sort();
