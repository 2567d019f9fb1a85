import { z } from '@hono/zod-openapi';
import { schema } from '@repo/database';

/** Shapes shared by several routes (request pieces and response objects). */

/**
 * True for text PostgreSQL stores as sent: no NUL (U+0000), which `text` and `jsonb` cannot hold,
 * and no lone surrogate, which is not Unicode (UTF-8 encoding would turn it into U+FFFD).
 */
export const isStorableText = (value: string) => !value.includes('\0') && !/\p{Cs}/u.test(value);

const storable = z.refine<string>(isStorableText, {
  message: 'Must not contain NUL (U+0000) or invalid Unicode (a lone surrogate).',
});

/**
 * Every string a request carries (body, query, path) is a `Text`, or a format (`Email`, `HttpUrl`,
 * `Uuid`) that checks the same, so a value PostgreSQL cannot store is a 400 naming its field.
 */
export const Text = z.string().check(storable);
export const Email = z.email().check(storable);
export const HttpUrl = z
  .url({ protocol: /^https?$/, message: 'Use an http(s) URL.' })
  .check(storable);

export const Uuid = z.uuid().openapi({ example: '3f0c8a5e-2a4b-4c1d-9e8f-0a1b2c3d4e5f' });
const Timestamp = z.iso.datetime().openapi({ example: '2026-11-24T12:00:00.000Z' });
/** The database's `member_role` enum is the one list of roles; everything else derives from it. */
export const MemberRole = z.enum(schema.memberRole.enumValues).openapi('MemberRole');
export const InvitableRole = MemberRole.exclude(['owner']).openapi('InvitableRole');

export const IdParams = z.object({ id: Uuid.openapi({ param: { name: 'id', in: 'path' } }) });

const iso = (date: Date) => date.toISOString();

export const Item = z
  .object({
    id: Uuid,
    ownerId: Uuid,
    orgId: Uuid.nullable(),
    title: z.string(),
    body: z.string(),
    done: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Item');

/** Rows carry Dates; JSON carries ISO strings. */
export const withIsoTimestamps = <T extends { createdAt: Date; updatedAt: Date }>(row: T) => ({
  ...row,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export const Organization = z
  .object({
    id: Uuid,
    name: z.string(),
    slug: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Organization');
export const MyOrganization = Organization.extend({ role: MemberRole }).openapi('MyOrganization');

export const Profile = z
  .object({
    id: Uuid,
    displayName: z.string(),
    email: z.string(),
    avatarUrl: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Profile');

export const Member = z
  .object({
    userId: Uuid,
    role: MemberRole,
    displayName: z.string(),
    email: z.string(),
    avatarUrl: z.string().nullable(),
    joinedAt: Timestamp,
  })
  .openapi('Member');
export const toMember = <T extends { joinedAt: Date }>(row: T) => ({
  ...row,
  joinedAt: iso(row.joinedAt),
});

export const Invitation = z
  .object({
    id: Uuid,
    orgId: Uuid,
    email: z.string(),
    role: MemberRole,
    invitedBy: Uuid.nullable(),
    expiresAt: Timestamp,
    acceptedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Invitation');
export const toInvitation = <
  T extends { expiresAt: Date; acceptedAt: Date | null; createdAt: Date; updatedAt: Date },
>(
  row: T,
) => ({
  ...withIsoTimestamps(row),
  expiresAt: iso(row.expiresAt),
  acceptedAt: row.acceptedAt && iso(row.acceptedAt),
});

/** `json` request body entry for createRoute. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** `json` response entry for createRoute. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
