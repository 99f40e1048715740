export * from './capabilities.ts';
export * from './rules.ts';
