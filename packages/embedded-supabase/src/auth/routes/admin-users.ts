import { Hono } from 'hono';
import { z } from 'zod';
import { adminUserBody, checkAdminAttributes } from '../admin-attributes';
import type { AuthContext } from '../context';
import type { Db } from '../db';
import { badRequest, EMAIL_TAKEN, notFound, unprocessable } from '../errors';
import { type AdminEnv, requireAdmin } from '../guards';
import { isUuid, readBody } from '../request';
import { EMAIL_APP_METADATA } from '../signup';
import { userJson } from '../user-json';
import {
  findUserByEmail,
  findUserById,
  identitiesOf,
  insertUser,
  mergeMetadata,
  type UserRow,
  updateEmailIdentity,
  updateUser,
} from '../users';
import { confirmEmail } from '../verification';

const deleteBody = z.object({ should_soft_delete: z.boolean().nullish() });

/** /admin/users: list, create, read, update, delete (service_role only). */
export function adminUserRoutes(ctx: AuthContext) {
  const app = new Hono<AdminEnv>().use('/admin/users/*', requireAdmin(ctx));

  app.get('/admin/users', async (c) => {
    const page = pageParam(c.req.query('page'), 1);
    const perPage = pageParam(c.req.query('per_page'), 50);
    const [{ count } = { count: 0 }] = await ctx.sql<{ count: number }[]>`
      select count(*)::int as count from auth.users where aud = 'authenticated'`;
    const users = await ctx.sql<UserRow[]>`
      select * from auth.users where aud = 'authenticated'
      order by created_at desc limit ${perPage} offset ${(page - 1) * perPage}`;
    c.header('Link', paginationLink(c.req.path, page, perPage, count));
    c.header('X-Total-Count', String(count));
    return c.json({
      users: await Promise.all(
        users.map(async (u) => userJson(u, await identitiesOf(ctx.sql, u.id))),
      ),
      aud: 'authenticated',
    });
  });

  app.post('/admin/users', async (c) => {
    const body = await readBody(c, adminUserBody);
    const checked = await checkAdminAttributes(body, ctx.settings);
    if (!checked.email) {
      throw badRequest(
        'validation_failed',
        'Cannot create a user without either an email or phone',
      );
    }
    const email = checked.email;
    const created = await ctx.sql.begin(async (tx) => {
      if (await findUserByEmail(tx, email)) throw unprocessable('email_exists', EMAIL_TAKEN);
      let user = await insertUser(tx, {
        id: body.id,
        email,
        encryptedPassword: checked.encryptedPassword ?? null,
        role: body.role,
        confirmed: false,
        appMetadata: mergeMetadata(EMAIL_APP_METADATA, body.app_metadata ?? {}),
        userMetadata: body.user_metadata ?? {},
        bannedUntil: checked.bannedUntil,
      });
      if (body.email_confirm) user = await confirmEmail(tx, user);
      return userWithIdentities(tx, user);
    });
    return c.json(created);
  });

  app.get('/admin/users/:id', async (c) => {
    const user = await loadUser(ctx.sql, c.req.param('id'));
    return c.json(await userWithIdentities(ctx.sql, user));
  });

  app.put('/admin/users/:id', async (c) => {
    const body = await readBody(c, adminUserBody);
    const checked = await checkAdminAttributes(body, ctx.settings);
    const updated = await ctx.sql.begin(async (tx) => {
      let user = await loadUser(tx, c.req.param('id'));
      if (checked.email && checked.email !== user.email) {
        const owner = await findUserByEmail(tx, checked.email);
        if (owner && owner.id !== user.id) throw unprocessable('email_exists', EMAIL_TAKEN);
        await updateEmailIdentity(tx, user.id, { email: checked.email });
        user = await updateUser(tx, user.id, { email: checked.email });
      }
      user = await updateUser(tx, user.id, {
        ...(body.role ? { role: body.role } : {}),
        ...(checked.encryptedPassword ? { encrypted_password: checked.encryptedPassword } : {}),
        ...(checked.bannedUntil !== undefined ? { banned_until: checked.bannedUntil } : {}),
        ...(body.user_metadata
          ? { raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, body.user_metadata) }
          : {}),
        ...(body.app_metadata
          ? { raw_app_meta_data: mergeMetadata(user.raw_app_meta_data, body.app_metadata) }
          : {}),
      });
      if (body.email_confirm && !user.email_confirmed_at) user = await confirmEmail(tx, user);
      return userWithIdentities(tx, user);
    });
    return c.json(updated);
  });

  app.delete('/admin/users/:id', async (c) => {
    const body = await readBody(c, deleteBody);
    await ctx.sql.begin(async (tx) => {
      const user = await loadUser(tx, c.req.param('id'));
      await tx`delete from auth.flow_state where user_id = ${user.id}`;
      if (!body.should_soft_delete) {
        await tx`delete from auth.users where id = ${user.id}`;
        return;
      }
      // GoTrue's soft delete keeps the row but frees the address and ends every session.
      await tx`delete from auth.identities where user_id = ${user.id}`;
      await tx`delete from auth.sessions where user_id = ${user.id}`;
      await updateUser(tx, user.id, {
        email: null,
        phone: null,
        encrypted_password: '',
        deleted_at: new Date(),
      });
    });
    return c.json({});
  });

  return app;
}

async function loadUser(db: Db, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw notFound('validation_failed', 'user_id must be an UUID');
  const user = await findUserById(db, id);
  if (!user) throw notFound('user_not_found', 'User not found');
  return user;
}

async function userWithIdentities(db: Db, user: UserRow) {
  return userJson(user, await identitiesOf(db, user.id));
}

function pageParam(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw badRequest('validation_failed', `Bad Pagination Parameters: invalid value "${value}"`);
  }
  return number;
}

/**
 * GoTrue's Link header (pagination.go): `page` first in each URL, rel quoted, because auth-js
 * reads the page number as the single character after the first `=`.
 */
function paginationLink(path: string, page: number, perPage: number, total: number): string {
  const pages = Math.ceil(total / perPage);
  const link = (n: number) => `<${path}?page=${n}&per_page=${perPage}>`;
  const next = pages > page ? `${link(page + 1)}; rel="next", ` : '';
  return `${next}${link(pages)}; rel="last"`;
}
