export * from './hostMaintenance.ts';
export * from './hostMonitor.ts';
export * from './vmsOnHost.ts';
