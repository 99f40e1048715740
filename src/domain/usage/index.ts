/**
 * Usage metering and billing (cloudstack-domain.md §6), pure: which events open and close usage
 * intervals, intervals into per-period records in a time zone, records rated with tariffs, and
 * statements with credits and balance. The tariff and credit aggregates live in tariff/ and credit/.
 */
export * from './usage.intervals.ts';
export * from './usage.meters.ts';
export * from './usage.periods.ts';
export * from './usage.rating.ts';
export * from './usage.records.ts';
export * from './usage.statement.ts';
export * from './usageTypes.ts';
