export * from './account';
export * from './invitations';
export * from './items';
export * from './memberships';
export * from './organizations';
export * from './ownership';
export * from './pagination';
export * from './profiles';
