import type postgres from 'postgres';

/** Password of the demo users, shown in the README. */
const DEMO_PASSWORD = 'password123';

const DEMO_USERS = [
  { id: '00000000-0000-4000-8000-00000000a11c', email: 'alice@example.com', name: 'Alice Example' },
  { id: '00000000-0000-4000-8000-0000000000b0', email: 'bob@example.com', name: 'Bob Example' },
];
const DEMO_ORG = { id: '00000000-0000-4000-8000-00000000ac3e', name: 'Acme', slug: 'acme' };

/**
 * Demo data for local development, written as the service (it runs without a signed-in user):
 * two users who can sign in with DEMO_PASSWORD, an org they share and a few items. Users are
 * inserted as Supabase Auth stores them (bcrypt password, email identity), so both the embedded
 * stack and `supabase start` accept the sign-in. Running it again changes nothing.
 */
export async function seedDemoData(sql: postgres.Sql): Promise<string> {
  return sql.begin(async (tx) => {
    // auth.identities exists wherever Supabase Auth (CLI or embedded) has run its migrations.
    const [auth] = await tx<{ identities: boolean }[]>`
      select to_regclass('auth.identities') is not null as identities`;
    for (const user of DEMO_USERS) {
      await tx`
        insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                                raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
                                confirmation_token, recovery_token, email_change_token_new, email_change)
        values ('00000000-0000-0000-0000-000000000000', ${user.id}, 'authenticated', 'authenticated',
                ${user.email}, extensions.crypt(${DEMO_PASSWORD}, extensions.gen_salt('bf', 10)), now(),
                ${tx.json({ provider: 'email', providers: ['email'] })},
                ${tx.json({ display_name: user.name })}, now(), now(), '', '', '', '')
        on conflict (id) do nothing`;
      if (auth?.identities) {
        await tx`
          insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
          values (${user.id}, ${user.id},
                  ${tx.json({ sub: user.id, email: user.email, email_verified: true, phone_verified: false })},
                  'email', now(), now(), now())
          on conflict do nothing`;
      }
    }
    await tx`
      insert into organizations (id, name, slug) values (${DEMO_ORG.id}, ${DEMO_ORG.name}, ${DEMO_ORG.slug})
      on conflict (id) do nothing`;
    await tx`
      insert into memberships (org_id, user_id, role) values
        (${DEMO_ORG.id}, ${DEMO_USERS[0]!.id}, 'owner'), (${DEMO_ORG.id}, ${DEMO_USERS[1]!.id}, 'member')
      on conflict do nothing`;
    const [items] = await tx<{ count: number }[]>`
      select count(*)::int as count from items where owner_id = ${DEMO_USERS[0]!.id}`;
    if (items?.count === 0) {
      await tx`
        insert into items (owner_id, org_id, title, body, done) values
          (${DEMO_USERS[0]!.id}, null, 'Try the dashboard', 'Create, rename, tick and delete items.', false),
          (${DEMO_USERS[0]!.id}, null, 'Open a second tab', 'Changes show up live in both.', true),
          (${DEMO_USERS[0]!.id}, ${DEMO_ORG.id}, 'Shared with Acme', 'Bob sees this one too.', false),
          (${DEMO_USERS[1]!.id}, ${DEMO_ORG.id}, 'Bob''s team item', 'Visible to everyone in Acme.', false)`;
    }
    return `Demo users: ${DEMO_USERS.map((u) => u.email).join(', ')} (password: ${DEMO_PASSWORD}); org: ${DEMO_ORG.name}`;
  });
}
