import type postgres from 'postgres';

/** `users` users with `itemsPerUser` personal items each, newest first a minute apart; analyzed. */
export async function seedItems(sql: postgres.Sql, users: number, itemsPerUser: number) {
  const rows = await sql<{ id: string; email: string }[]>`
    insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at, raw_app_meta_data,
                            raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
           'bench-' || n || '@example.test', now(), '{"provider":"email","providers":["email"]}',
           '{}', now(), now()
    from generate_series(1, ${users}) n
    returning id, email`;
  await sql`
    insert into items (owner_id, title, body, done, created_at)
    select u.id, 'item ' || n, 'body of item ' || n, n % 3 = 0, now() - n * interval '1 minute'
    from auth.users u, generate_series(1, ${itemsPerUser}) n`;
  await sql`vacuum analyze`;
  return rows;
}
