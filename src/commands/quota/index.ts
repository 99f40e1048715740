/** Quota: limits resolved from the tenant domain chain and the ledgers, and the reservations on them. */
export * from './limits.ts';
export * from './naming.ts';
export * from './reservations.ts';
