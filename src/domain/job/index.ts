export * from './job.events.ts';
export * from './job.ts';
