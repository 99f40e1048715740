export * from './images.ts';
export * from './workflows.ts';
