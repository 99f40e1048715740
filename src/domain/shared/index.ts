export * from './decider.ts';
export * from './errors.ts';
export * from './eventSchemas.ts';
export * from './streams.ts';
export * from './random.ts';
