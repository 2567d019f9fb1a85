export * from './account';
export * from './invitations';
export * from './items';
export * from './memberships';
export * from './mfa';
export * from './organizations';
export * from './pagination';
export * from './profiles';
