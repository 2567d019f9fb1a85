export type { JwtClaims } from '../claims';
export { createTestDatabase, type TestDatabase, testDatabaseConfig } from './database';
export { expectNoClaimLeaks, whoAmIQuery } from './isolation';
export { addTotpFactor, atAal2 } from './mfa';
export { createOrg } from './orgs';
export { withDatabase } from './postgres';
export { anonClaims, claimsFor, createTestUser, type TestUser } from './users';
export { createWorld, expectSqlState, sqlState, type World } from './world';
