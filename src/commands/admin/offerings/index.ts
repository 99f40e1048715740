export * from './offerings.ts';
