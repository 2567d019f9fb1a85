import type { MemberRole } from '@repo/api/client';

// Keyed by the API's MemberRole (the database's enum): a role added or removed there fails the
// type check here until this list follows. Object keys keep the order shown in the role picker.
const ROLES: Record<MemberRole, true> = { owner: true, admin: true, member: true };

export const MEMBER_ROLES = Object.keys(ROLES) as [MemberRole, ...MemberRole[]];
