/** Resource limits: types and defaults, resolution and checks, what counts, and the quota ledgers. */
export * from './counting.ts';
export * from './limitUpdate.ts';
export * from './quota/index.ts';
export * from './resolution.ts';
export * from './resourceTypes.ts';
