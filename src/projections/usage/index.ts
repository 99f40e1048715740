/** The usage read side: read models, their queries, statements and tariffs. */
export * from './billing.ts';
export { usageCredits } from './credits.ts';
export * from './filter.ts';
export * from './generate.ts';
export * from './queries.ts';
export { usageTariffs } from './tariffs.ts';
export { intervalsOfRow, type UsageMeterRow, usageMeter } from './usageMeter.ts';
