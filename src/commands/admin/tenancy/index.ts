export * from './accounts.ts';
export * from './bootstrap.ts';
export * from './passwords.ts';
export * from './scope.ts';
export * from './secrets.ts';
export * from './tenantDomains.ts';
export * from './users.ts';
export * from './workflows.ts';
