export * from './capacity.ts';
