export * from './offering.availability.ts';
export * from './offering.rules.ts';
export * from './offering.schemas.ts';
