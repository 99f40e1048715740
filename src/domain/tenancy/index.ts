/** Tenancy: tenant domains, accounts, users and the roles that scope what a caller may do. */
export * as account from './account/index.ts';
export * from './enablement.ts';
export { entityId, nameKey, timestamp } from './names.ts';
export * from './roles.ts';
export * as tenantDomain from './tenantDomain/index.ts';
export * as user from './user/index.ts';
