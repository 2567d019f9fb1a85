export * from './invitations';
export * from './items';
export * from './memberships';
export * from './organizations';
export * from './profiles';
